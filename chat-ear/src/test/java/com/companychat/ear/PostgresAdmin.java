package com.companychat.ear;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The PostgreSQL server the test runs on, seen by its administrator (bin/test: trust auth). */
final class PostgresAdmin {
  private final String adminUrl;

  PostgresAdmin(String adminUrl) {
    this.adminUrl = adminUrl;
  }

  /** An empty database of that name, whatever an earlier run left: migrations start from zero. */
  void recreate(String database) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + database);
    }
  }

  /** Open connections to {@code database} that call themselves {@code applicationName}. */
  int connections(String database, String applicationName) throws SQLException {
    try (Connection c = connect();
         PreparedStatement s = c.prepareStatement(
             "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND application_name = ?")) {
      s.setString(1, database);
      s.setString(2, applicationName);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private Connection connect() throws SQLException {
    try {
      return DriverManager.getConnection(adminUrl);
    } catch (SQLException e) {
      throw new SQLException("PostgreSQL is needed at " + adminUrl + " (bin/test starts it)", e);
    }
  }
}
