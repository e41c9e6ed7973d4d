package com.companychat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * With {@code chat.db.datasource} set, the database is the container's DataSource (as Payara
 * Server's JDBC resource): migrated by vendor as the database itself reports it, used instead of
 * a pool of our own on {@code chat.db.url}, and left open for its owner when we close.
 */
class ContainerDataSourceTest {
  /** A URL nothing listens on: using it instead of the container's DataSource would fail. */
  private static final String UNUSED_URL = "jdbc:postgresql://127.0.0.1:1/unused";

  @Test
  void theContainerDataSourceIsMigratedAndUsedInsteadOfTheUrl() throws SQLException {
    JdbcDataSource h2 = h2();
    try (Database db = Database.open(settingsWithDataSource("jdbc/chat"), name -> {
      assertEquals("jdbc/chat", name);
      return h2;
    })) {
      assertSame(h2, db.dataSource());
      Number one = db.read(em -> (Number) em.createNativeQuery("SELECT 1").getSingleResult());
      assertEquals(1, one.intValue());
    }
    try (Connection c = h2.getConnection()) {
      assertEquals(MigrationTest.MIGRATIONS, MigrationTest.appliedMigrations(c), "migrated, and still open after close()");
    }
  }

  @Test
  void postgresqlMigrationsAreChosenByWhatTheDatabaseReports() throws SQLException {
    try (TestDatabases.Postgres pg = TestDatabases.freshPostgres()) {
      PGSimpleDataSource postgres = new PGSimpleDataSource();
      postgres.setURL(pg.url());
      postgres.setUser(pg.user());
      assertEquals("postgresql", Database.vendorOf(postgres));
      try (Database db = Database.open(settingsWithDataSource("jdbc/pg"), name -> postgres);
           Connection c = db.dataSource().getConnection()) {
        assertEquals(MigrationTest.MIGRATIONS, MigrationTest.appliedMigrations(c));
      }
    }
  }

  @Test
  void h2IsRecognisedFromItsMetadata() {
    assertEquals("h2", Database.vendorOf(h2()));
  }

  @Test
  void aMissingJndiNameFailsTheStartWithTheKeyInTheMessage() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Database.open(settingsWithDataSource("jdbc/nothing-here")));
    assertTrue(e.getMessage().contains("chat.db.datasource"), e.getMessage());
  }

  private static JdbcDataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:container-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  private static ChatSettings settingsWithDataSource(String jndiName) {
    return new ChatSettings(Path.of("target", "container-ds"), UNUSED_URL, Optional.empty(),
        Optional.empty(), Optional.of(jndiName), Optional.empty(), "admin", Optional.empty(),
        Optional.empty(), Optional.empty(), ChatSettings.DEFAULT_ISSUER, false, Duration.ofMinutes(15),
        Duration.ofDays(30), ChatSettings.MIN_PASSWORD_ITERATIONS);
  }
}
