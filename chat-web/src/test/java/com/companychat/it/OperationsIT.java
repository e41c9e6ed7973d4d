package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of a running instance started as payara-config/ says: application metrics
 * that count sockets, messages, delivery latency and bus lag, and logs that are one JSON object a
 * line and never carry message text, passwords or tokens.
 */
class OperationsIT extends OwnInstance {
  private static final long DELAY_SECONDS = 3;

  @Override
  MicroInstance instance() throws Exception {
    MicroInstance instance = new MicroInstance("operations");
    Files.deleteIfExists(instance.log());
    return instance.withMicroOptions("--logproperties", System.getProperty("chat.payara.config") + "/logging.properties");
  }

  @Override
  String[] settings() {
    return MicroInstance.testConfig("chat.redis.url=redis://127.0.0.1:6379");
  }

  @Test
  void metricsCountSocketsMessagesDeliveryLatencyAndBusLag() throws Exception {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    PrometheusText before = PrometheusText.scrape(server.base());
    for (String metric : List.of("chat_sockets_connected", "chat_messages_stored_total",
        "chat_delivery_latency_milliseconds_count", "chat_event_bus_lag_milliseconds_count", "chat_event_bus_pending")) {
      assertTrue(before.value(metric) >= 0, metric + " is published from the start: " + before);
    }

    try (SocketClient onAlice = SocketClient.connect(api, alice.token());
         SocketClient onBob = SocketClient.connect(api, bob.token())) {
      onAlice.settle();
      onBob.settle();
      onAlice.send(Api.json("type", "chat_message", "receiver_id", bob.id(), "message", "over the socket"));
      onBob.await("chat_message");
      fixture.send(alice, bob, "over REST");
      onBob.await("chat_message", m -> m.getString("message").equals("over REST"));

      PrometheusText during = PrometheusText.scrape(server.base());
      assertEquals(before.value("chat_sockets_connected") + 2, during.value("chat_sockets_connected"), during::toString);
      assertEquals(before.value("chat_messages_stored_total") + 2, during.value("chat_messages_stored_total"));
      assertEquals(before.value("chat_delivery_latency_milliseconds_count") + 2,
          during.value("chat_delivery_latency_milliseconds_count"));
      assertTrue(during.value("chat_event_bus_lag_milliseconds_count") > before.value("chat_event_bus_lag_milliseconds_count"),
          "events made the round trip through Redis and were timed");
      assertEquals(0, during.value("chat_event_bus_pending"));
    }
    awaitSockets(before.value("chat_sockets_connected"));
  }

  /**
   * A known delay, fed through the real path: an event published on Redis by "another instance"
   * stamped {@value #DELAY_SECONDS} s in the past, carrying a message created then. Both timers
   * see at least that delay and the exposed quantiles, max and mean must read it in the
   * milliseconds of their name (Payara's timers wrote 3E9, nanoseconds, under a _seconds name).
   * The upper bound is loose: no speed dependence.
   */
  @Test
  void latencyQuantilesAreInTheUnitOfTheirName() throws Exception {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    try (SocketClient onBob = SocketClient.connect(api, bob.token())) {
      onBob.settle();
      long last = fixture.send(alice, bob, "a real one first").getJsonNumber("message_id").longValue();
      long seq = onBob.await("chat_message", m -> m.getJsonNumber("message_id").longValue() == last)
          .getJsonNumber("seq").longValue();
      long past = System.currentTimeMillis() - DELAY_SECONDS * 1000;
      // The next event of bob's stream, as another instance would publish it (EventCodec's shape).
      String envelope = Api.json("origin", "another-instance", "sent_at", past, "company_id", company,
          "type", "message_sent", "message_id", last + 1, "sender_id", alice.id(), "sender_username", alice.username(),
          "receiver_id", bob.id(), "message", "from the past", "created_at", Instant.ofEpochMilli(past).toString(),
          "is_read", false, "sender_seq", seq + 1, "receiver_seq", seq + 1).toString();
      // The instance subscribes to the company's topic when bob's socket opens, asynchronously.
      long deadline = System.currentTimeMillis() + 60_000;
      do {
        assertTrue(System.currentTimeMillis() < deadline, "the event published on Redis never reached bob");
        RedisControl.publish("chat:company:" + company, envelope);
      } while (!onBob.awaitOptional("chat_message", m -> m.getJsonNumber("message_id").longValue() == last + 1, 500));
    }
    PrometheusText metrics = PrometheusText.scrape(server.base());
    long known = DELAY_SECONDS * 1000;
    for (String timer : List.of("chat_delivery_latency_milliseconds", "chat_event_bus_lag_milliseconds")) {
      double max = metrics.value(timer + "_max");
      double p999 = metrics.quantile(timer, "0.999");
      assertTrue(max >= known && max < 600_000, timer + "_max is in milliseconds: " + max);
      assertTrue(p999 >= known && p999 < 600_000, timer + " p99.9 is in milliseconds: " + p999);
      double mean = metrics.value(timer + "_mean");
      double average = metrics.value(timer + "_sum") / metrics.value(timer + "_count");
      // The mean is the reservoir's (decaying weights), not sum/count: a unit apart they differ by 1E3 or more.
      assertTrue(mean > average / 10 && mean < average * 10, timer + ": mean " + mean + " vs sum/count " + average);
    }
  }

  @Test
  void logsAreJsonLinesWithoutMessageTextPasswordsOrTokens() throws Exception {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    String secret = "secret-text-" + UUID.randomUUID();
    try (SocketClient onBob = SocketClient.connect(api, bob.token())) {
      onBob.settle();
      fixture.send(alice, bob, secret);
      onBob.await("chat_message", m -> m.getString("message").equals(secret));
    }
    String wrongPassword = "wrong-" + UUID.randomUUID();
    assertEquals(401, api.post("api/auth/login", null, Api.json("username", alice.username(), "password", wrongPassword)).status());
    JsonObject refreshed = api.post("api/auth/refresh", null, Api.json("refresh_token", alice.refreshToken())).object();
    fixture.api().post("api/chat/send/", refreshed.getString("access_token"),
        Api.json("receiver_id", 999_999_999L, "message", secret));

    List<String> lines = Files.readAllLines(server.log());
    int ours = 0;
    for (String line : lines) {
      for (String forbidden : List.of(secret, wrongPassword, Fixture.PASSWORD, alice.token(), alice.refreshToken(),
          refreshed.getString("access_token"), refreshed.getString("refresh_token"))) {
        assertFalse(line.contains(forbidden), "the log holds a message text, a password or a token: " + line);
      }
      if (line.isBlank()) {
        continue;
      }
      // Every line, Payara's included (admin guide §10): one JSON object.
      JsonObject record;
      try {
        record = Json.createReader(new StringReader(line)).readObject();
      } catch (RuntimeException notJson) {
        throw new AssertionError("a line of the log is not a JSON object: " + line, notJson);
      }
      assertTrue(record.containsKey("Timestamp") && record.containsKey("Level"), line);
      if (record.getString("LoggerName", "").startsWith("com.companychat")) {
        assertTrue(record.containsKey("LogMessage"), line);
        ours++;
      }
    }
    assertTrue(ours > 0, "the application's own records are there, as JSON (positive control)");
    assertFalse(lines.stream().anyMatch(l -> l.startsWith("SLF4J:")), "Redisson's logging reaches the server's log");
  }

  private void awaitSockets(double expected) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    PrometheusText now = PrometheusText.scrape(server.base());
    while (now.value("chat_sockets_connected") != expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      now = PrometheusText.scrape(server.base());
    }
    assertEquals(expected, now.value("chat_sockets_connected"), "closed sockets are no longer counted");
  }
}
