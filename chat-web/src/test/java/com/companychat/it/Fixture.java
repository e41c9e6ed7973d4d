package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What the integration tests share: the real WAR from {@code target/}, the database it runs on,
 * and provisioning through the public API only, with fresh names per test so that tests never
 * depend on each other or on what an earlier run left.
 */
public final class Fixture {
  public static final String ADMIN = "platform-admin";
  public static final String ADMIN_PASSWORD = "it-admin-password";
  public static final String PASSWORD = "correct-horse-1";

  private final Api api;
  private String adminToken;

  public Fixture(Api api) {
    this.api = api;
  }

  /** The WAR that {@code mvn package} built; the database it needs is created first. */
  public static WebArchive war() {
    ensureDatabase();
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("chat.war")));
  }

  public Api api() {
    return api;
  }

  /** A person provisioned for a test. */
  public record Person(long id, String username, long companyId, String token, String refreshToken) {}

  public String adminToken() {
    if (adminToken == null) {
      adminToken = login(ADMIN, ADMIN_PASSWORD).getString("access_token");
    }
    return adminToken;
  }

  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public long company() {
    Api.Reply reply = api.post("api/admin/companies", adminToken(), Api.json("name", unique("Company")));
    assertEquals(201, reply.status(), reply::toString);
    return reply.object().getJsonNumber("id").longValue();
  }

  public Person person(long companyId, String role) {
    String username = unique(role.toLowerCase().replace('_', '-'));
    Api.Reply created = api.post("api/admin/companies/" + companyId + "/users", adminToken(),
        Api.json("username", username, "password", PASSWORD, "display_name", "Name " + username,
            "role", role));
    assertEquals(201, created.status(), created::toString);
    JsonObject session = login(username, PASSWORD);
    return new Person(created.object().getJsonNumber("id").longValue(), username, companyId,
        session.getString("access_token"), session.getString("refresh_token"));
  }

  public Person employee(long companyId) {
    return person(companyId, "EMPLOYEE");
  }

  public JsonObject login(String username, String password) {
    Api.Reply reply = api.post("api/auth/login", null, Api.json("username", username, "password", password));
    assertEquals(200, reply.status(), reply::toString);
    return reply.object();
  }

  public JsonObject send(Person from, Person to, String text) {
    Api.Reply reply = api.post("api/chat/send/", from.token(),
        Api.json("receiver_id", to.id(), "message", text));
    assertEquals(201, reply.status(), reply::toString);
    return reply.object();
  }

  /** Rows in chat_message matching a condition, read straight from the database. */
  public static long countMessages(String where) {
    try (Connection c = connect(System.getProperty("chat.it.db.url"));
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM chat_message WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Message ids in chat_message matching a condition, in id order, straight from the database. */
  public static java.util.List<Long> messageIds(String where) {
    java.util.List<Long> ids = new java.util.ArrayList<>();
    try (Connection c = connect(System.getProperty("chat.it.db.url"));
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT id FROM chat_message WHERE " + where + " ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text of one stored message exactly as the database holds it. */
  public static String storedText(long messageId) {
    try (Connection c = connect(System.getProperty("chat.it.db.url"));
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT text FROM chat_message WHERE id = " + messageId)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void ensureDatabase() {
    String url = System.getProperty("chat.it.db.url");
    String name = url.substring(url.lastIndexOf('/') + 1);
    String server = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (Connection c = connect(server); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is needed at " + server, e);
    }
  }

  private static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, System.getProperty("chat.it.db.user"), null);
  }
}
