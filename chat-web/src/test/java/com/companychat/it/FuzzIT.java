package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of a live server (issue #7): random client frames over a socket and
 * random REST requests against the chat and auth calls. Invariants: never a 5xx (nor its socket
 * twin, an {@code unavailable} error); the socket closes only as CONTRACT §5 says (1003, 1007,
 * 1009); every message stored for the fuzzing user was acknowledged to it, and nothing was
 * acknowledged that is not stored.
 *
 * <p>jqwik is a JUnit Platform engine of its own, so Arquillian's Jupiter extension cannot
 * deploy for it: the server is a {@link MicroInstance} started here, as ClusterIT does. That
 * also lets it run with a high send limit (so that random sends are stored, not throttled) and
 * keeps the fuzzer's failed logins off the address limit of the shared Arquillian server.
 */
class FuzzIT {
  static final int TRIES = 300;
  static final Map<String, Integer> STATUS_OF = Map.of("bad_request", 400, "unauthorized", 401,
      "invalid_credentials", 401, "forbidden", 403, "not_found", 404, "conflict", 409, "too_large", 413,
      "rate_limited", 429);

  static MicroInstance server;
  static Api api;
  static Person fuzzer;
  static FuzzInputs inputs;
  static RawSocket socket;
  static final Set<Long> ACKNOWLEDGED = new TreeSet<>();
  static final AtomicInteger CLOSES = new AtomicInteger();
  static final AtomicInteger SENTINELS = new AtomicInteger();

  @BeforeContainer
  static void start() throws Exception {
    Fixture.war();
    server = new MicroInstance("fuzz").start(
        "chat.db.url=" + System.getProperty("chat.it.db.url"), "chat.db.user=" + System.getProperty("chat.it.db.user"),
        "chat.data.dir=" + System.getProperty("chat.it.data.dir"),
        "chat.admin.username=" + Fixture.ADMIN, "chat.admin.password=" + Fixture.ADMIN_PASSWORD,
        "chat.password.iterations=10000", "chat.rate.messages-per-second=5000", "chat.rate.burst=5000");
    server.awaitReady();
    api = server.api();
    Fixture fixture = new Fixture(api);
    long company = fixture.company();
    fuzzer = fixture.employee(company);
    Person colleague = fixture.employee(company);
    Person stranger = fixture.employee(fixture.company());
    inputs = new FuzzInputs(fuzzer.id(), colleague.id(), stranger.id());
  }

  @AfterContainer
  static void stop() throws Exception {
    if (socket != null) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
    System.out.printf("Fuzz: %d messages acknowledged and stored, %d sockets closed by contract%n",
        ACKNOWLEDGED.size(), CLOSES.get());
  }

  @Provide
  Arbitrary<FuzzInputs.Frame> frames() {
    return inputs.frames();
  }

  @Provide
  Arbitrary<FuzzInputs.Request> requests() {
    return inputs.requests();
  }

  @Property(tries = TRIES)
  void aRandomFrameClosesTheSocketOnlyByContractAndStoresOnlyWhatIsAcknowledged(
      @ForAll("frames") FuzzInputs.Frame frame) throws Exception {
    if (socket == null) {
      socket = RawSocket.open(api.base().getPort(), fuzzer.token(), 1 << 20);
    }
    socket.sendFrame(frame.opcode(), frame.payload());
    int expectedClose = frame.expectedClose();
    if (expectedClose != 0) {
      assertEquals(expectedClose, awaitClose(), "close code for " + frame);
      CLOSES.incrementAndGet();
      return;
    }
    // The server handles one socket's frames in order, and acknowledges a message before it
    // handles the next frame: once the sentinel's error is back, the frame's answers are all in.
    // (A ping would not do: a fuzzed ping is answered with a pong too.)
    String sentinel = "sentinel-" + SENTINELS.incrementAndGet();
    socket.sendText(("{\"type\":\"chat_message\",\"receiver_id\":" + inputs.colleague()
        + ",\"message\":\"\",\"client_msg_id\":\"" + sentinel + "\"}").getBytes(StandardCharsets.UTF_8));
    readUntilSentinel(frame, sentinel);
    assertStoredEqualsAcknowledged();
  }

  @Property(tries = TRIES)
  void aRandomRequestIsNeverAnsweredWith5xxAndStoresOnlyWhatIsAcknowledged(
      @ForAll("requests") FuzzInputs.Request request) {
    HttpRequest.Builder http = api.request(request.path(), request.authenticated() ? fuzzer.token() : null)
        .header("Content-Type", request.contentType())
        .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
    Api.Reply reply = api.send(http);
    assertTrue(reply.status() < 500, () -> request + " -> " + reply);
    if (reply.status() >= 400) {
      assertTrue(reply.body() instanceof JsonObject, () -> request + " -> " + reply.status()
          + " without the error body, headers " + reply.raw().headers().map());
      String code = reply.object().getString("error");
      int status = reply.status() == 405 || reply.status() == 415 ? 400 : reply.status();
      assertEquals(status, STATUS_OF.getOrDefault(code, -1), () -> request + " -> " + reply);
    } else if (request.path().startsWith("api/chat/send") && reply.body() instanceof JsonObject sent) {
      ACKNOWLEDGED.add(sent.getJsonNumber("message_id").longValue());
    }
    assertStoredEqualsAcknowledged();
  }

  @Example
  void aMessageSentTheMomentASocketOpensIsAcknowledgedOnIt() throws Exception {
    for (int i = 0; i < 20; i++) {
      try (RawSocket fresh = RawSocket.open(api.base().getPort(), fuzzer.token(), 1 << 20)) {
        fresh.sendText(("{\"type\":\"chat_message\",\"receiver_id\":" + inputs.colleague()
            + ",\"message\":\"first words " + i + "\"}").getBytes(StandardCharsets.UTF_8));
        long ack = awaitAck(fresh, "first words " + i);
        ACKNOWLEDGED.add(ack);
      }
    }
    assertStoredEqualsAcknowledged();
  }

  /** The id of the echo of our own message with that text, pinging until it comes (4 rounds). */
  private static long awaitAck(RawSocket on, String text) throws IOException {
    for (int round = 0; round < 4; round++) {
      on.sendText("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
      while (true) {
        RawSocket.Frame frame = on.readFrame();
        assertNotEquals(0x8, frame.opcode(), () -> "socket closed by the server: "
            + (frame.payload().length >= 2 ? frame.closeCode() + " "
            + new String(frame.payload(), 2, frame.payload().length - 2, StandardCharsets.UTF_8) : "no code"));
        if (frame.opcode() != 0x1) {
          continue;
        }
        JsonObject json = parse(frame.payload());
        if (json.getString("type").equals("chat_message") && json.getString("message").equals(text)) {
          return json.getJsonNumber("message_id").longValue();
        }
        if (json.getString("type").equals("pong")) {
          break;
        }
      }
    }
    throw new AssertionError("'" + text + "' was never acknowledged on the socket that sent it");
  }

  /** Reads the socket up to the sentinel's error: acks are noted, errors must be contract codes. */
  private static void readUntilSentinel(FuzzInputs.Frame sent, String sentinel) throws IOException {
    while (true) {
      RawSocket.Frame frame = socket.readFrame();
      assertNotEquals(0x8, frame.opcode(), () -> "socket closed " + closeCodeOf(frame) + " after " + sent);
      if (frame.opcode() != 0x1) {
        continue;
      }
      JsonObject json = parse(frame.payload());
      String type = json.getString("type");
      if (type.equals("error")) {
        if (sentinel.equals(json.getString("client_msg_id", null))) {
          return;
        }
        assertTrue(STATUS_OF.containsKey(json.getString("code")), () -> json + " after " + sent);
      }
      if (type.equals("chat_message") && json.getJsonNumber("sender_id").longValue() == fuzzer.id()) {
        ACKNOWLEDGED.add(json.getJsonNumber("message_id").longValue());
      }
    }
  }

  /** Every stored message of the fuzzer was acknowledged to it and the other way round. */
  private static boolean storedEqualsAcknowledged() {
    return ACKNOWLEDGED.equals(new TreeSet<>(Fixture.messageIds("sender_id = " + fuzzer.id())));
  }

  private static void assertStoredEqualsAcknowledged() {
    assertEquals(ACKNOWLEDGED, new TreeSet<>(Fixture.messageIds("sender_id = " + fuzzer.id())));
  }

  private static int awaitClose() throws IOException {
    try {
      return socket.awaitClose().closeCode();
    } finally {
      socket.close();
      socket = null;
    }
  }

  private static int closeCodeOf(RawSocket.Frame frame) {
    return frame.payload().length >= 2 ? frame.closeCode() : -1;
  }

  private static JsonObject parse(byte[] payload) {
    try (var reader = Json.createReader(new StringReader(new String(payload, StandardCharsets.UTF_8)))) {
      JsonValue value = reader.readValue();
      return value.asJsonObject();
    }
  }
}
