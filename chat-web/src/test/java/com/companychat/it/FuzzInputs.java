package com.companychat.it;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * What FuzzIT throws at the server: socket frames and REST requests, from well-formed to
 * garbage, built around the ids that matter (a colleague, oneself, another company's user,
 * nobody) so that random input still reaches the code behind the parser.
 */
final class FuzzInputs {
  /** CONTRACT §5: a text frame over 64 KiB closes the socket with 1009. */
  static final int MAX_FRAME = 64 * 1024;

  private final long self;
  private final long colleague;
  private final long stranger;

  FuzzInputs(long self, long colleague, long stranger) {
    this.self = self;
    this.colleague = colleague;
    this.stranger = stranger;
  }

  long colleague() {
    return colleague;
  }

  /** A client frame and how CONTRACT §5 says the socket must take it. */
  record Frame(int opcode, byte[] payload) {
    /** The close code the contract requires, or 0 when the socket must stay open. */
    int expectedClose() {
      if (opcode == 0x2) {
        return 1003;
      }
      if (!isUtf8(payload)) {
        return 1007;
      }
      return payload.length > MAX_FRAME ? 1009 : 0;
    }

    @Override
    public String toString() {
      String text = new String(payload, StandardCharsets.UTF_8);
      return "opcode " + opcode + ", " + payload.length + " bytes: " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }
  }

  /** One REST request: method, path (with query), bearer token or none, content type, body. */
  record Request(String method, String path, boolean authenticated, String contentType, String body) {}

  Arbitrary<Frame> frames() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, sends().map(body -> text("{\"type\":\"chat_message\"," + body.substring(1)))),
        net.jqwik.api.Tuple.of(12, jsonObjects().map(FuzzInputs::text)),
        net.jqwik.api.Tuple.of(3, jsonish().map(FuzzInputs::text)),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(200).map(FuzzInputs::text)),
        net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(b -> new Frame(0x1, b))),
        net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(b -> new Frame(0x2, b))),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(MAX_FRAME + 1, MAX_FRAME + 20_000)
            .map(n -> text("{\"type\":\"chat_message\",\"message\":\"" + "o".repeat(n) + "\"}"))));
  }

  Arbitrary<Request> requests() {
    Arbitrary<String> method = Arbitraries.of("GET", "GET", "POST", "POST", "POST", "PATCH", "PUT", "DELETE");
    Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json", "application/json",
        "text/plain", "application/json; charset=utf-8");
    Arbitrary<String> body = Arbitraries.oneOf(sends(), jsonObjects(), jsonish(),
        Arbitraries.strings().ofMaxLength(100), Arbitraries.just(""));
    return Combinators.combine(method, paths(), Arbitraries.integers().between(0, 9), contentType, body)
        .as((m, p, auth, type, b) -> new Request(m, p, auth > 0, type, hasBody(m) ? b : ""));
  }

  /**
   * GET and DELETE go without a body: Payara's HTTP layer answers a GET with a body and no
   * token with a bare 400 before the application sees it (FuzzIT found it; see docs/reliability.md).
   */
  private static boolean hasBody(String method) {
    return !method.equals("GET") && !method.equals("DELETE");
  }

  /** A send to the colleague that may well be valid: random text, random or no client id. */
  private Arbitrary<String> sends() {
    Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(80),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(20),
        Arbitraries.of("<script>alert(1)</script>", " ", "\u202Eevil", "\uD83D\uDE00"));
    Arbitrary<String> clientId = Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofMinLength(1)
        .ofMaxLength(70).map(FuzzInputs::jsonString), Arbitraries.just("null"), quoted());
    return Combinators.combine(text, clientId).as((t, c) -> "{\"receiver_id\":" + colleague
        + ",\"message\":" + jsonString(t) + ",\"client_msg_id\":" + c + "}");
  }

  /** JSON objects shaped like the protocol's, every field of a random type or missing. */
  private Arbitrary<String> jsonObjects() {
    Arbitrary<String> type = Arbitraries.oneOf(Arbitraries.of("\"chat_message\"", "\"chat_message\"", "\"mark_read\"",
        "\"typing\"", "\"ping\"", "\"Chat_Message\"", "\"\"", "null", "7"), quoted());
    Arbitrary<List<String>> fields = Arbitraries.of("receiver_id", "sender_id", "message", "client_msg_id",
        "is_typing", "username", "password", "refresh_token", "message_id", "created_at", "x")
        .flatMap(name -> value().map(v -> "\"" + name + "\":" + v)).list().ofMaxSize(6);
    return Combinators.combine(type, fields).as((t, f) -> "{\"type\":" + t
        + f.stream().map(field -> "," + field).collect(Collectors.joining()) + "}");
  }

  /** A JSON value that matters to some field: the ids, texts, wrong types, extremes. */
  private Arbitrary<String> value() {
    return Arbitraries.oneOf(
        Arbitraries.of(self, colleague, colleague, colleague, stranger, 0L, -1L, Long.MAX_VALUE, 999_999_999L)
            .map(String::valueOf),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.of("1e400", "-0", "1.5", "99999999999999999999999", "1" + "0".repeat(1_500), "true", "false",
            "null", "[]", "{}", "[1,2]", "{\"a\":{\"b\":[]}}", "\"" + "m".repeat(4_001) + "\""),
        quoted(), quoted(), quoted());
  }

  /** A JSON string of random text, control characters and astral planes included. */
  private static Arbitrary<String> quoted() {
    return Arbitraries.strings().ofMaxLength(60).map(FuzzInputs::jsonString);
  }

  /** Text made of JSON's own punctuation and a few words: near misses of JSON. */
  private static Arbitrary<String> jsonish() {
    return Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\\", "type", "\"chat_message\"", "receiver_id", "1",
        "-", "e", "null", "true", " ", "\\u", "\\ud800").list().ofMaxSize(40).map(parts -> String.join("", parts));
  }

  private Arbitrary<String> paths() {
    Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.of(self, colleague, stranger, 0L, -5L, 999_999_999L)
        .map(String::valueOf), Arbitraries.strings().ofMaxLength(12).map(FuzzInputs::encode));
    Arbitrary<String> q = Arbitraries.strings().ofMaxLength(30).map(FuzzInputs::encode);
    return Arbitraries.oneOf(
        Arbitraries.of("api/chat/send/", "api/chat/send", "api/chat/mark-read/", "api/chat/unread/",
            "api/chat/users/", "api/auth/login", "api/auth/refresh", "api/auth/me", "api/chat/", "api/",
            "api/admin/companies"),
        id.map(i -> "api/chat/conversation/" + i + "/"),
        Combinators.combine(id, q).as((i, v) -> "api/chat/conversation/" + i + "?before=" + v + "&limit=" + v),
        q.map(v -> "api/chat/messages/?after=" + v + "&limit=" + v),
        q.map(v -> "api/chat/users/?q=" + v),
        Combinators.combine(id, q).as((i, v) -> "api/admin/users/" + i + "?" + v),
        q.map(v -> "api/chat/" + v));
  }

  private static Frame text(String text) {
    return new Frame(0x1, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * URL-encoded; NUL and backslash are left out: Payara's HTTP layer answers %00 and %5C in a path
   * with a bare 400 before the application sees the request (documented).
   */
  private static String encode(String text) {
    return URLEncoder.encode(text.replace("\u0000", "").replace("\\", ""), StandardCharsets.UTF_8);
  }

  /** {@code text} as a JSON string literal; unpaired surrogates are sent as escapes. */
  static String jsonString(String text) {
    StringBuilder json = new StringBuilder("\"");
    text.chars().forEach(c -> {
      if (c == '"' || c == '\\') {
        json.append('\\').append((char) c);
      } else if (c < 0x20 || Character.isSurrogate((char) c)) {
        json.append(String.format("\\u%04x", c));
      } else {
        json.append((char) c);
      }
    });
    return json.append('"').toString();
  }

  static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
