package com.companychat.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Throw-away databases for tests: a fresh PostgreSQL database, dropped afterwards. */
public final class TestDatabases {
  private TestDatabases() {}

  /** The server to create databases on; bin/test makes sure it runs (127.0.0.1:5432, trust). */
  static String adminUrl() {
    return System.getProperty("chat.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
  }

  public record Postgres(String name, String url, String user) implements AutoCloseable {
    @Override
    public void close() {
      execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  public static Postgres freshPostgres() {
    String name = "chat_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE DATABASE " + name);
    return new Postgres(name, "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres");
  }

  /** Runs {@code sql} as the administrator, e.g. to give a test database other defaults. */
  public static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(adminUrl()); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + adminUrl() + " is needed: " + e.getMessage(), e);
    }
  }
}
