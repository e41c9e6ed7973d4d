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

  /** No database of that name, whatever an earlier run left. */
  void drop(String database) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  /** No role of that name (its databases dropped first). */
  void dropRole(String role) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP ROLE IF EXISTS " + role);
    }
  }

  /** Whether {@code role} may log in with a password it has, and owns {@code database}. */
  boolean hasPasswordAndOwns(String role, String database) throws SQLException {
    try (Connection c = connect();
         PreparedStatement s = c.prepareStatement("SELECT a.rolcanlogin AND a.rolpassword IS NOT NULL"
             + " AND d.datdba = a.oid FROM pg_authid a, pg_database d WHERE a.rolname = ? AND d.datname = ?")) {
      s.setString(1, role);
      s.setString(2, database);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** Open connections of {@code user} to {@code database} that call themselves {@code applicationName}. */
  int connections(String database, String user, String applicationName) throws SQLException {
    try (Connection c = connect();
         PreparedStatement s = c.prepareStatement(
             "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND usename = ? AND application_name = ?")) {
      s.setString(1, database);
      s.setString(2, user);
      s.setString(3, applicationName);
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
