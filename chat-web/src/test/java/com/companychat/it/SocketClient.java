package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.auth.AuthenticationException;

/**
 * A chat socket as a third-party client sees it (Tyrus client): connect with a bearer token,
 * send JSON frames, wait for the frames that arrive.
 */
public final class SocketClient implements AutoCloseable {
  public static final long WAIT_MS = 10_000;
  private static final ClientManager CLIENT = ClientManager.createClient();

  private final Session session;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

  private SocketClient(URI uri, String authorization) throws DeploymentException, IOException {
    ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
        .configurator(new ClientEndpointConfig.Configurator() {
          @Override
          public void beforeRequest(Map<String, List<String>> headers) {
            if (authorization != null) {
              headers.put("Authorization", List.of(authorization));
            }
          }
        }).build();
    this.session = CLIENT.connectToServer(new Endpoint() {
      @Override
      public void onOpen(Session s, EndpointConfig c) {
        s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
          try (var reader = Json.createReader(new StringReader(text))) {
            frames.add(reader.readObject());
          }
        });
      }

      @Override
      public void onClose(Session s, CloseReason reason) {
        closed.complete(reason);
      }
    }, config, uri);
  }

  public static SocketClient connect(Api api, String token) throws DeploymentException, IOException {
    return new SocketClient(socketUri(api, "ws/chat/"), "Bearer " + token);
  }

  public static SocketClient connect(URI uri, String authorization) throws DeploymentException, IOException {
    return new SocketClient(uri, authorization);
  }

  public static URI socketUri(Api api, String path) {
    return URI.create(api.base().toString().replaceFirst("^http", "ws") + path);
  }

  /** The HTTP status of a refused handshake, or 101 when it was accepted. */
  public static int handshakeStatus(URI uri, String authorization) {
    try (SocketClient ignored = new SocketClient(uri, authorization)) {
      return 101;
    } catch (DeploymentException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof AuthenticationException auth) {
          return auth.getHttpStatusCode();
        }
        if (t instanceof org.glassfish.tyrus.core.HandshakeException handshake) {
          return handshake.getHttpStatusCode();
        }
      }
      throw new AssertionError("handshake failed without a status", e);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public void send(JsonObject frame) throws IOException {
    send(frame.toString());
  }

  public void send(String text) throws IOException {
    session.getBasicRemote().sendText(text);
  }

  public void sendBinary(byte[] data) throws IOException {
    session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
  }

  /**
   * Sends a frame the server answers by closing the socket. The close may come in before this
   * client's send has returned, which then fails: that is the expected outcome, not an error;
   * the test asserts the close code with {@link #awaitClose()}.
   */
  public void sendExpectingClose(String text) {
    try {
      send(text);
    } catch (IOException | RuntimeException closedMeanwhile) {
      // see above
    }
  }

  /** Like {@link #sendExpectingClose(String)}, for a binary frame. */
  public void sendBinaryExpectingClose(byte[] data) {
    try {
      sendBinary(data);
    } catch (IOException | RuntimeException closedMeanwhile) {
      // see sendExpectingClose
    }
  }

  /** The next frame of that type that matches, waiting up to {@link #WAIT_MS}; others are skipped. */
  public JsonObject await(String type, Predicate<JsonObject> matches) throws InterruptedException {
    return awaitWithin(type, matches, WAIT_MS);
  }

  private String closeNote() {
    CloseReason reason = closed.getNow(null);
    return reason == null ? " (socket open)" : " (socket closed: " + reason + ")";
  }

  /** Like {@link #await(String, Predicate)} with a deadline of its own. */
  public JsonObject awaitWithin(String type, Predicate<JsonObject> matches, long ms) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    while (true) {
      JsonObject frame = frames.poll(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      assertNotNull(frame, () -> "no '" + type + "' frame arrived within " + ms + " ms" + closeNote());
      if (type.equals(frame.getString("type")) && matches.test(frame)) {
        return frame;
      }
    }
  }

  /** Whether a matching frame arrives within {@code ms}; frames before it are skipped. */
  public boolean awaitOptional(String type, Predicate<JsonObject> matches, long ms) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    JsonObject frame;
    while ((frame = frames.poll(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) != null) {
      if (type.equals(frame.getString("type")) && matches.test(frame)) {
        return true;
      }
    }
    return false;
  }

  public JsonObject await(String type) throws InterruptedException {
    return await(type, f -> true);
  }

  /** The next frame, whatever it is, waiting up to {@link #WAIT_MS}. */
  public JsonObject next() throws InterruptedException {
    JsonObject frame = frames.poll(WAIT_MS, TimeUnit.MILLISECONDS);
    assertNotNull(frame, () -> "no frame arrived" + closeNote());
    return frame;
  }

  /** The next frame if one arrives within {@code ms}, else null. */
  public JsonObject poll(long ms) throws InterruptedException {
    return frames.poll(ms, TimeUnit.MILLISECONDS);
  }

  /** Asserts no frame of that type arrives within {@code ms}. */
  public void expectNone(String type, long ms) throws InterruptedException {
    expectNone(type, f -> true, ms);
  }

  /** Asserts no frame of that type that matches arrives within {@code ms}. */
  public void expectNone(String type, Predicate<JsonObject> matches, long ms) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    JsonObject frame;
    while ((frame = frames.poll(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) != null) {
      boolean unexpected = type.equals(frame.getString("type")) && matches.test(frame);
      assertNull(unexpected ? frame : null, "unexpected frame " + frame);
    }
  }

  /** Asserts that every frame arriving within {@code ms} is an allowed one. */
  public void expectOnly(Predicate<JsonObject> allowed, long ms) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    JsonObject frame;
    while ((frame = frames.poll(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) != null) {
      assertNull(allowed.test(frame) ? null : frame, "unexpected frame " + frame);
    }
  }

  /** A ping answered by a pong: the socket is open and working. */
  public void assertUsable() throws Exception {
    send(Api.json("type", "ping"));
    await("pong");
  }

  public CloseReason awaitClose() throws Exception {
    return closed.get(WAIT_MS, TimeUnit.MILLISECONDS);
  }

  /** Waits until the server has opened this socket (a ping is answered), then forgets what came. */
  public void settle() throws Exception {
    assertUsable();
    frames.clear();
  }

  public boolean isOpen() {
    return session.isOpen();
  }

  @Override
  public void close() throws IOException {
    if (session.isOpen()) {
      session.close();
    }
  }

  static void assertCloseCode(int expected, CloseReason reason) {
    assertEquals(expected, reason.getCloseCode().getCode(), reason::toString);
  }
}
