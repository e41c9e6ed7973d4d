package com.companychat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The migrations bring an empty PostgreSQL and an empty H2 to the same tables. */
class MigrationTest {
  static final List<String> TABLES = List.of("admin_audit", "chat_event", "chat_message", "company",
      "online_status", "refresh_token", "server_instance", "socket_presence", "user_account", "user_event");
  static final int MIGRATIONS = 8;

  @Test
  void migrationsApplyOnAnEmptyH2() throws SQLException {
    String url = "jdbc:h2:mem:migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (Database db = new Database(url, null, null); Connection c = db.dataSource().getConnection()) {
      assertEquals(TABLES, tables(c, "PUBLIC"));
      assertEquals(MIGRATIONS, appliedMigrations(c));
    }
  }

  @Test
  void migrationsApplyOnAnEmptyPostgresql() throws SQLException {
    try (TestDatabases.Postgres pg = TestDatabases.freshPostgres();
         Database db = new Database(pg.url(), pg.user(), null);
         Connection c = db.dataSource().getConnection()) {
      assertEquals(TABLES, tables(c, "public"));
      assertEquals(MIGRATIONS, appliedMigrations(c));
    }
  }

  @Test
  void reopeningAMigratedDatabaseChangesNothing() throws SQLException {
    String url = "jdbc:h2:mem:migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    new Database(url, null, null).close();
    try (Database db = new Database(url, null, null); Connection c = db.dataSource().getConnection()) {
      assertEquals(MIGRATIONS, appliedMigrations(c));
    }
  }

  private static List<String> tables(Connection c, String schema) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT);
        if (!name.startsWith("flyway")) {
          names.add(name);
        }
      }
    }
    names.sort(null);
    return names;
  }

  static int appliedMigrations(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(
             "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
