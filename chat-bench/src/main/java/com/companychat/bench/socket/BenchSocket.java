package com.companychat.bench.socket;

import com.companychat.bench.provision.BenchUser;
import com.companychat.protocol.FrameCodec;
import com.companychat.protocol.ProtocolException;
import com.companychat.protocol.ServerFrame;
import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One chat socket of one user. The JDK client allows one outstanding send per socket, so sends
 * queue here and go one at a time; frames are decoded as they arrive and handed to the current
 * {@link FrameListener}, which a scenario may swap between its steps.
 */
public final class BenchSocket implements WebSocket.Listener {
  /** Frames that did not decode as CONTRACT §5: a contract violation worth counting, not a crash. */
  public static final AtomicLong UNDECODABLE = new AtomicLong();

  private final BenchUser user;
  private final StringBuilder partial = new StringBuilder();
  private final Queue<String> outbox = new ArrayDeque<>();
  private volatile FrameListener listener;
  private volatile boolean open = true;
  private volatile String closedBy = "";
  private WebSocket webSocket;
  private boolean sending;

  BenchSocket(BenchUser user, FrameListener listener) {
    this.user = user;
    this.listener = listener;
  }

  public BenchUser user() {
    return user;
  }

  public void listenTo(FrameListener listener) {
    this.listener = listener;
  }

  public boolean isOpen() {
    return open;
  }

  /** Why the socket closed: the server's close code, or the client-side error; empty while open. */
  public String closedBy() {
    return closedBy;
  }

  /** How many of these sockets closed, by close code or client-side error. */
  public static Map<String, Integer> closedBy(Collection<BenchSocket> sockets) {
    Map<String, Integer> closed = new TreeMap<>();
    for (BenchSocket socket : sockets) {
      if (socket != null && !socket.isOpen()) {
        closed.merge(socket.closedBy(), 1, Integer::sum);
      }
    }
    return closed;
  }

  void attach(WebSocket webSocket) {
    synchronized (this) {
      this.webSocket = webSocket;
    }
  }

  /** Queues a text frame; it is sent after every frame queued before it. */
  public void send(String text) {
    synchronized (this) {
      if (sending) {
        outbox.add(text);
        return;
      }
      sending = true;
    }
    transmit(text);
  }

  private void transmit(String text) {
    webSocket.sendText(text, true).whenComplete((ws, error) -> {
      if (error != null) {
        open = false;
        closedBy = "send: " + error.getClass().getSimpleName();
      }
      String next;
      synchronized (this) {
        next = outbox.poll();
        sending = next != null;
      }
      if (next != null) {
        transmit(next);
      }
    });
  }

  public void close() {
    if (open && webSocket != null) {
      webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done");
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    long now = System.nanoTime();
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      deliver(text, now);
    }
    ws.request(1);
    return null;
  }

  private void deliver(String text, long receivedNanos) {
    ServerFrame frame;
    try {
      frame = FrameCodec.decodeServer(text);
    } catch (ProtocolException | ClassCastException e) {
      UNDECODABLE.incrementAndGet();
      return;
    }
    listener.onFrame(this, frame, receivedNanos);
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    open = false;
    closedBy = Integer.toString(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    open = false;
    closedBy = error.getClass().getSimpleName();
  }
}
