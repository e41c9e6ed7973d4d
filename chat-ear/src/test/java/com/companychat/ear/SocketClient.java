package com.companychat.ear;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The chat socket (CONTRACT §5) through the JDK's WebSocket client: JSON frames in and out. */
final class SocketClient implements AutoCloseable {
  /* Generous: a 2-core machine running Payara Server can be slow to deliver. */
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  private SocketClient(URI uri, String token) throws Exception {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    this.socket = builder.buildAsync(uri, new Collector()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  static SocketClient connect(URI http, String token) throws Exception {
    return new SocketClient(socketUri(http), token);
  }

  /** The HTTP status with which the server refuses an upgrade without a token. */
  static int refusedStatus(URI http) throws Exception {
    try {
      new SocketClient(socketUri(http), null).close();
      return 101;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
  }

  private static URI socketUri(URI http) {
    return URI.create(http.toString().replaceFirst("^http", "ws")).resolve("ws/chat/");
  }

  void send(JsonObject frame) throws Exception {
    socket.sendText(frame.toString(), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The next frame of {@code type} that matches; frames before it are skipped. */
  JsonObject await(String type, Predicate<JsonObject> matches) throws InterruptedException {
    JsonObject frame = poll(type, matches, WAIT);
    assertNotNull(frame, "no '" + type + "' frame arrived within " + WAIT);
    return frame;
  }

  /** The next frame of {@code type} that matches within {@code wait}, or null; frames before it are skipped. */
  JsonObject poll(String type, Predicate<JsonObject> matches, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      JsonObject frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (frame == null || type.equals(frame.getString("type")) && matches.test(frame)) {
        return frame;
      }
    }
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
        .whenComplete((ignored, error) -> socket.abort());
  }

  /** Joins the parts of each text message and queues it as JSON. */
  private final class Collector implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try (var reader = Json.createReader(new StringReader(text.toString()))) {
          frames.add(reader.readObject());
        }
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
