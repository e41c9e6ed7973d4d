package com.companychat.ear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * chat.ear on Payara Server 6 behaves as the WAR does on Payara Micro: a fresh domain prepared
 * only by payara-config/ (setup-payara-server.sh and payara-server.asadmin), on PostgreSQL through
 * the server's JDBC pool and on Redis; provisioning, REST and the socket used as clients use them.
 */
class PayaraServerIT {
  private static final String DOMAIN = "chat-ear-it";
  private static final String ADMIN = "platform-admin";
  private static final String ADMIN_PASSWORD = "it-" + UUID.randomUUID();
  private static final String PASSWORD = "correct-horse-1";
  private static final String DB = System.getProperty("chat.ear.it.db.name");
  private static final PostgresAdmin POSTGRES = new PostgresAdmin(System.getProperty("chat.ear.it.pg.url"));

  private static PayaraDomain domain;
  private static RestClient rest;

  /** On a failure, where to look: the server's log, and its last lines. */
  @RegisterExtension
  static final TestWatcher SERVER_LOG_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (domain != null) {
        System.err.println("Payara Server log: " + domain.serverLog() + "\n" + PayaraDomain.tail(domain.serverLog(), 60));
      }
    }
  };

  @BeforeAll
  static void deployTheEar() throws Exception {
    long started = System.nanoTime();
    POSTGRES.recreate(DB);
    domain = PayaraDomain.fresh(Path.of(System.getProperty("payara.server.home")),
        Path.of(System.getProperty("chat.ear.it.domains")), DOMAIN,
        Integer.getInteger("chat.ear.it.portbase"));
    domain.setUp(Path.of(System.getProperty("chat.payara.config"), "setup-payara-server.sh"), Map.of(
        "CHAT_EAR", System.getProperty("chat.ear"),
        "POSTGRESQL_JDBC_JAR", System.getProperty("chat.ear.it.jdbc.driver"),
        "CHAT_DB_NAME", DB,
        "CHAT_DB_USER", "postgres",
        "CHAT_DB_PASSWORD", "ignored-by-trust-auth",
        "CHAT_ADMIN_USERNAME", ADMIN,
        "CHAT_ADMIN_PASSWORD", ADMIN_PASSWORD,
        "CHAT_REDIS_URL", System.getProperty("chat.ear.it.redis.url"),
        "CHAT_HEAP", "512m"));
    domain.awaitApplication(Duration.ofMinutes(5));
    rest = new RestClient(domain.http());
    System.out.printf("PayaraServerIT: domain created, configured and chat.ear started in %d s%n",
        Duration.ofNanos(System.nanoTime() - started).toSeconds());
  }

  @AfterAll
  static void stopTheDomain() throws Exception {
    if (domain != null) {
      domain.close();
    }
  }

  @Test
  void theApplicationRunsOnTheServersJdbcPool() throws Exception {
    login(ADMIN, ADMIN_PASSWORD);
    assertTrue(POSTGRES.connections(DB, "company-chat") > 0,
        "no connection of the pool chat-pool (ApplicationName company-chat) is open on " + DB);
  }

  @Test
  void noSecretIsWrittenToTheDomainConfiguration() throws Exception {
    String config = Files.readString(domain.domainDir().resolve("config").resolve("domain.xml"));
    assertFalse(config.contains(ADMIN_PASSWORD), "the admin password is in domain.xml");
    assertTrue(config.contains("${ALIAS=chat-admin-password}"), "chat.admin.password is not an alias");
  }

  @Test
  void theSocketRefusesAnUpgradeWithoutAToken() throws Exception {
    assertEquals(401, SocketClient.refusedStatus(domain.http()));
  }

  @Test
  void twoProvisionedEmployeesChatOverRestAndTheSocket() throws Exception {
    String admin = login(ADMIN, ADMIN_PASSWORD).getString("access_token");
    long company = created(rest.post("api/admin/companies", admin, json("name", unique("Company")))).getJsonNumber("id").longValue();
    Employee alice = employee(admin, company);
    Employee bob = employee(admin, company);

    try (SocketClient aliceSocket = SocketClient.connect(domain.http(), alice.token())) {
      aliceSocket.send(json("type", "ping"));
      aliceSocket.await("pong", f -> true);
      try (SocketClient bobSocket = SocketClient.connect(domain.http(), bob.token())) {
        aliceSocket.await("user_status", f -> f.getJsonNumber("user_id").longValue() == bob.id() && f.getBoolean("is_online"));

        JsonObject overRest = created(rest.post("api/chat/send/", alice.token(),
            json("receiver_id", bob.id(), "message", "Hello over REST")));
        long restId = overRest.getJsonNumber("message_id").longValue();
        bobSocket.await("chat_message", f -> f.getJsonNumber("message_id").longValue() == restId);

        bobSocket.send(json("type", "chat_message", "receiver_id", alice.id(), "message", "Hi Alice", "client_msg_id", "c-1"));
        JsonObject ack = bobSocket.await("chat_message", f -> "c-1".equals(f.getString("client_msg_id", null)));
        long socketId = ack.getJsonNumber("message_id").longValue();
        JsonObject received = aliceSocket.await("chat_message", f -> f.getJsonNumber("message_id").longValue() == socketId);
        assertEquals(bob.username(), received.getString("sender_username"));

        aliceSocket.send(json("type", "typing", "receiver_id", bob.id(), "is_typing", true));
        bobSocket.await("typing_indicator", f -> f.getJsonNumber("sender_id").longValue() == alice.id());
        aliceSocket.send(json("type", "mark_read", "sender_id", bob.id()));
        bobSocket.await("messages_read", f -> f.getJsonNumber("reader_id").longValue() == alice.id());

        RestClient.Reply conversation = rest.get("api/chat/conversation/" + bob.id() + "/", alice.token());
        assertEquals(200, conversation.status(), conversation::toString);
        JsonArray messages = conversation.array();
        assertEquals(2, messages.size(), conversation::toString);
        assertEquals(restId, messages.getJsonObject(0).getJsonNumber("message_id").longValue());
        assertEquals(socketId, messages.getJsonObject(1).getJsonNumber("message_id").longValue());
      }
    }
  }

  private record Employee(long id, String username, String token) {}

  private static Employee employee(String adminToken, long company) throws Exception {
    String username = unique("employee");
    JsonObject user = created(rest.post("api/admin/companies/" + company + "/users", adminToken,
        json("username", username, "password", PASSWORD, "display_name", "Name " + username, "role", "EMPLOYEE")));
    return new Employee(user.getJsonNumber("id").longValue(), username,
        login(username, PASSWORD).getString("access_token"));
  }

  private static JsonObject login(String username, String password) throws Exception {
    RestClient.Reply reply = rest.post("api/auth/login", null, json("username", username, "password", password));
    assertEquals(200, reply.status(), reply::toString);
    return reply.object();
  }

  private static JsonObject created(RestClient.Reply reply) {
    assertEquals(201, reply.status(), reply::toString);
    return reply.object();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A JSON object of alternating names and values (String, Long or Boolean). */
  private static JsonObject json(Object... namesAndValues) {
    var builder = Json.createObjectBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = (String) namesAndValues[i];
      Object value = namesAndValues[i + 1];
      if (value instanceof Long number) {
        builder.add(name, number);
      } else if (value instanceof Boolean flag) {
        builder.add(name, flag);
      } else {
        builder.add(name, value.toString());
      }
    }
    return builder.build();
  }
}
