package com.companychat.it;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A sender as a real client behaves under faults (at least once, de-duplicated by the server):
 * each message keeps its {@code client_msg_id} and is sent again, on a new socket if need be,
 * until the server acknowledges it with its echo.
 */
final class RetryingSender implements AutoCloseable {
  static final long ANSWER_MS = 3_000;

  private final Supplier<Api> server;
  private final String token;
  private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
  private SocketClient socket;
  private int attempts;
  private int reconnects;

  /** @param server where to (re)connect: a client behind a proxy reaches whichever instance is up */
  RetryingSender(Supplier<Api> server, String token) {
    this.server = server;
    this.token = token;
  }

  /** Sends until acknowledged; returns the message id. */
  long send(long receiverId, String text, String clientMsgId, long deadlineMillis) throws InterruptedException {
    JsonObject frame = Api.json("type", "chat_message", "receiver_id", receiverId, "message", text,
        "client_msg_id", clientMsgId);
    while (System.currentTimeMillis() < deadlineMillis) {
      attempts++;
      try {
        connected().send(frame);
        Long id = awaitAck(clientMsgId);
        if (id != null) {
          acknowledged.put(clientMsgId, id);
          return id;
        }
      } catch (Exception refusedOrClosed) {
        drop();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("never acknowledged: " + clientMsgId + " after " + attempts + " attempts");
  }

  /** client_msg_id to message_id of every acknowledged message. */
  Map<String, Long> acknowledged() {
    return acknowledged;
  }

  /** Sends beyond one per message: retries after an error, a timeout or a lost socket. */
  int retries() {
    return attempts - acknowledged.size();
  }

  int reconnects() {
    return reconnects;
  }

  /** The echo's id; null after an error for this message, a silence or a closed socket. */
  private Long awaitAck(String clientMsgId) throws Exception {
    long deadline = System.currentTimeMillis() + ANSWER_MS;
    while (System.currentTimeMillis() < deadline && socket.isOpen()) {
      JsonObject answer = socket.poll(100);
      if (answer == null || !clientMsgId.equals(answer.getString("client_msg_id", null))) {
        continue;
      }
      if ("chat_message".equals(answer.getString("type"))) {
        return answer.getJsonNumber("message_id").longValue();
      }
      return null;
    }
    if (!socket.isOpen()) {
      drop();
    }
    return null;
  }

  private SocketClient connected() throws Exception {
    if (socket == null) {
      socket = SocketClient.connect(server.get(), token);
      socket.settle();
      reconnects++;
    }
    return socket;
  }

  private void drop() {
    if (socket != null) {
      try {
        socket.close();
      } catch (Exception alreadyGone) {
        // nothing to close
      }
      socket = null;
    }
  }

  @Override
  public void close() {
    drop();
  }
}
