package com.companychat.realtime.control;

import com.companychat.accounts.control.Caller;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open socket and its outgoing queue. Frames go out one at a time, asynchronously, in the
 * order they were queued; nobody ever waits on a slow receiver. A receiver that falls
 * {@link #MAX_QUEUED} frames behind is closed (1013, try again later) and catches up by id
 * when it reconnects; typing and presence frames are shed first, past {@link #SHED_AFTER}.
 */
public final class Connection {
  static final int MAX_QUEUED = 1000;
  static final int SHED_AFTER = 100;
  private static final Logger LOG = Logger.getLogger(Connection.class.getName());

  /** Where the socket is in its life; see {@link SocketLifecycle}. */
  private enum Lifecycle { OPENING, REGISTERED, ENDED }

  private final String id = UUID.randomUUID().toString();
  private final Session session;
  private final Caller caller;
  private final Executor closer;
  private final Deque<String> queue = new ArrayDeque<>();
  private boolean sending;
  private boolean pumping;
  private boolean closed;
  private volatile long lastHeard = System.nanoTime();
  private volatile boolean ready;
  private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.OPENING);

  public Connection(Session session, Caller caller, Executor closer) {
    this.session = session;
    this.caller = caller;
    this.closer = closer;
  }

  public String id() {
    return id;
  }

  public Caller caller() {
    return caller;
  }

  public long userId() {
    return caller.userId();
  }

  public long companyId() {
    return caller.company();
  }

  /** Queues a frame that must not be lost while the socket lives (messages, receipts, errors). */
  public void send(String frame) {
    enqueue(frame, false);
  }

  /** Queues a frame that may be dropped when the receiver is behind (typing, presence). */
  public void offer(String frame) {
    enqueue(frame, true);
  }

  /** Live message delivery may start: what the socket missed while opening was sent. */
  public void markReady() {
    ready = true;
  }

  public boolean isReady() {
    return ready;
  }

  /** The client sent something (a frame, a pong): it is alive. */
  public void heard() {
    lastHeard = System.nanoTime();
  }

  /** Whether the client has sent nothing, not even a pong, for {@code time}. */
  public boolean silentFor(java.time.Duration time) {
    return System.nanoTime() - lastHeard > time.toNanos();
  }

  /**
   * Registration finished. False when the socket ended meanwhile: then nobody else will
   * unregister it, the caller must.
   */
  boolean registered() {
    return lifecycle.compareAndSet(Lifecycle.OPENING, Lifecycle.REGISTERED);
  }

  /** The socket ended. True once at most, and only after registration: then the caller unregisters it. */
  boolean ended() {
    return lifecycle.getAndSet(Lifecycle.ENDED) == Lifecycle.REGISTERED;
  }

  /** Whether the container still holds the socket open. */
  public boolean isOpen() {
    return session.isOpen();
  }

  /** A WebSocket ping; the client's stack answers it with a pong. */
  public void ping() {
    try {
      session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
      LOG.log(Level.FINE, "Ping failed; the idle timeout will close the socket", e);
    }
  }

  /** Closes the socket without blocking the caller. */
  public void close(CloseReason.CloseCode code, String reason) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
    }
    closer.execute(() -> {
      try {
        session.close(new CloseReason(code, reason));
      } catch (IOException | IllegalStateException e) {
        LOG.log(Level.FINE, "Socket already gone", e);
      }
    });
  }

  private synchronized void enqueue(String frame, boolean sheddable) {
    if (closed) {
      return;
    }
    if (sheddable && queue.size() >= SHED_AFTER) {
      return;
    }
    if (queue.size() >= MAX_QUEUED) {
      LOG.warning(() -> "Socket of user " + caller.userId() + " fell " + MAX_QUEUED + " frames behind; closing it");
      close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too far behind; reconnect and catch up");
      return;
    }
    queue.add(frame);
    pump();
  }

  /*
   * A send's completion may be reported on this very thread, inside sendText: the loop then
   * carries on instead of recursing, so a long queue never deepens the stack.
   */
  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      while (!sending && !closed && !queue.isEmpty()) {
        sending = true;
        session.getAsyncRemote().sendText(queue.poll(), this::sent);
      }
    } catch (IllegalStateException e) {
      sending = false;
      close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
    } finally {
      pumping = false;
    }
  }

  private synchronized void sent(SendResult result) {
    sending = false;
    if (!result.isOK()) {
      close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
      return;
    }
    pump();
  }
}
