package com.companychat.realtime.control;

import com.companychat.accounts.control.Caller;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open socket and its outgoing queue. Frames go out one at a time, asynchronously, in the
 * order they were queued; nobody ever waits on a slow receiver. A receiver that falls
 * {@link #MAX_QUEUED} frames behind is closed (1013, try again later) and catches up by id
 * when it reconnects; typing and presence frames are shed first, past {@link #SHED_AFTER}.
 * The queue is bounded in size too: one that would hold more than {@link #MAX_QUEUED_CHARS}
 * characters of unsent frames (JSON is mostly ASCII: about as many bytes of heap) is closed with
 * 1008, so a socket's memory is bounded whatever its frames weigh (issue 11 item 6).
 *
 * <p>No lock of ours is held while calling into the container, and a send's completion never
 * sends: Tyrus reports a completion while holding its writer's monitor (when a queued write
 * goes out), so a completion that took a lock, or sent, would deadlock against a thread
 * sending on the same socket. Exactly one thread at a time owns the right to send; the
 * completion of a send that did not finish at once hands it on to the executor.
 */
public final class Connection {
  static final int MAX_QUEUED = 1000;
  static final int SHED_AFTER = 100;
  static final int MAX_QUEUED_CHARS = 1 << 20;
  private static final Logger LOG = Logger.getLogger(Connection.class.getName());

  /** Where the socket is in its life; see {@link SocketLifecycle}. */
  private enum Lifecycle { OPENING, REGISTERED, ENDED }

  private final String id = UUID.randomUUID().toString();
  private final Session session;
  private final Caller caller;
  private final Executor executor;
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong queuedChars = new AtomicLong();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long lastHeard = System.nanoTime();
  private volatile boolean ready;
  private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.OPENING);

  /** {@code executor} runs closes and the sends that follow a completion reported later. */
  public Connection(Session session, Caller caller, Executor executor) {
    this.session = session;
    this.caller = caller;
    this.executor = executor;
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

  /** Whether {@link #close} was called: the socket is closing or closed. */
  public boolean isClosing() {
    return closed.get();
  }

  /** Closes the socket without blocking the caller. */
  public void close(CloseReason.CloseCode code, String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    queue.clear();
    queued.set(0);
    queuedChars.set(0);
    try {
      executor.execute(() -> {
        try {
          session.close(new CloseReason(code, reason));
        } catch (IOException | IllegalStateException e) {
          LOG.log(Level.FINE, "Socket already gone", e);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.log(Level.FINE, "Shutting down; the container closes the socket", e);
    }
  }

  private void enqueue(String frame, boolean sheddable) {
    if (closed.get()) {
      return;
    }
    int behind = queued.get();
    if (sheddable && behind >= SHED_AFTER) {
      return;
    }
    if (behind >= MAX_QUEUED) {
      LOG.warning(() -> "Socket of user " + caller.userId() + " fell " + MAX_QUEUED + " frames behind; closing it");
      close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too far behind; reconnect and catch up");
      return;
    }
    if (queuedChars.get() + frame.length() > MAX_QUEUED_CHARS) {
      if (sheddable) {
        return;
      }
      LOG.warning(() -> "Socket of user " + caller.userId() + " holds over " + MAX_QUEUED_CHARS
          + " characters of unsent frames; closing it");
      close(CloseReason.CloseCodes.VIOLATED_POLICY, "too much unsent data; reconnect and catch up");
      return;
    }
    queued.incrementAndGet();
    queuedChars.addAndGet(frame.length());
    queue.add(frame);
    if (sending.compareAndSet(false, true)) {
      drain();
    }
  }

  /*
   * Runs while owning the right to send, and ends having released it or handed it to a pending
   * completion. A send that completes at once is followed by the next one in this loop, so a long
   * queue never deepens the stack.
   */
  private void drain() {
    while (true) {
      String frame = closed.get() ? null : queue.poll();
      if (frame == null) {
        sending.set(false);
        // A frame queued after the poll found the right taken: take it back and send it.
        if (closed.get() || queue.isEmpty() || !sending.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      queued.decrementAndGet();
      queuedChars.addAndGet(-frame.length());
      Send send = new Send();
      try {
        session.getAsyncRemote().sendText(frame, send);
      } catch (RuntimeException e) {
        // Closed meanwhile, or the container is stopping: the socket ends, the caller carries on.
        logSendFailure("refused", e);
        close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
        continue;
      }
      if (send.returnedFirst()) {
        return;
      }
    }
  }

  /** One frame's send: whichever of its return and its completion comes second carries on. */
  private final class Send implements SendHandler {
    private final AtomicBoolean oneDone = new AtomicBoolean();

    @Override
    public void onResult(SendResult result) {
      if (!result.isOK()) {
        logSendFailure("failed", result.getException());
        close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
      }
      if (!oneDone.compareAndSet(false, true)) {
        carryOnElsewhere();
      }
    }

    /** True when the completion is still to come: it then carries on. */
    boolean returnedFirst() {
      return oneDone.compareAndSet(false, true);
    }
  }

  /*
   * A send to a socket that closed meanwhile fails as a matter of course (a presence change
   * announced while the company's sockets disconnect fails by the thousand): one line at FINE.
   * A send that fails on an open socket is worth its stack trace.
   */
  private void logSendFailure(String what, Throwable cause) {
    if (session.isOpen()) {
      LOG.log(Level.INFO, cause, () -> "Send to a socket of user " + caller.userId() + " " + what + "; closing it");
    } else {
      LOG.fine(() -> "Send to a closed socket of user " + caller.userId() + " " + what + ": " + cause);
    }
  }

  private void carryOnElsewhere() {
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      sending.set(false);
      close(CloseReason.CloseCodes.GOING_AWAY, "shutting down");
    }
  }
}
