package com.companychat.realtime.control;

import com.companychat.accounts.control.Caller;
import com.companychat.platform.SocketSettings;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
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
 *
 * <p><b>Bounded in bytes, counted until the client has them</b> (issue 11 item 6). A send's
 * completion does not mean the bytes left the server: on Payara, Tyrus's servlet writer reports
 * a frame complete as soon as Grizzly's output stream took it ({@code TyrusServletWriter._write}:
 * {@code write}, {@code flush}, {@code completed}), and Grizzly queues it in the heap while the
 * peer's TCP window is shut (about 10 MB of a receiver that stopped reading were taken so), and
 * nginx in front buffers more. Neither layer says when bytes reached the network, and capping
 * Grizzly's write queue would be a server-wide setting outside the WAR. So the socket asks the only
 * party that knows: every {@code maxBytes / 8} bytes handed to the container (and with each
 * keepalive ping) it sends a ping whose payload is the count handed over so far and a random
 * nonce; RFC 6455 §5.5.2–3 obliges the client to answer with a pong carrying the same payload,
 * and its stack reads frames in order, so that pong proves the client has read every byte up to
 * the count. Bytes handed over but not yet so confirmed are the socket's share of every buffer
 * between us and the client (Tyrus, Grizzly, the kernel, a proxy). At most {@code maxBytes} of
 * them: past that nothing more is handed over and frames wait in our own queue, which holds at
 * most {@code maxBytes} too (UTF-8, as on the wire). A frame that would take the queue over is
 * dropped if sheddable (typing, presence) and otherwise closes the socket with 1008; its client
 * catches up by {@code messages?after=} when it reconnects, no message is dropped from a live
 * socket. A reading client answers each ping at once and never notices; a client that stops
 * reading costs the server at most {@code 2 × maxBytes} plus one frame, whatever its frames weigh.
 * The nonce keeps a client that does not read from confirming bytes by forged pongs; a pong that
 * matches no ping of ours confirms nothing.
 *
 * <p>No lock of ours is held while calling into the container, and a send's completion never
 * sends: Tyrus reports a completion while holding its writer's monitor (when a queued write
 * goes out), so a completion that took a lock, or sent, would deadlock against a thread
 * sending on the same socket. Exactly one thread at a time owns the right to send; the
 * completion of a send that did not finish at once, and a pong that reopens the window, hand it
 * on to the executor.
 */
public final class Connection {
  static final int MAX_QUEUED = 1000;
  static final int SHED_AFTER = 100;
  /** Pings awaiting their pong that are remembered; an older one's pong then confirms nothing. */
  static final int MAX_PROBES = 16;
  private static final SecureRandom NONCES = new SecureRandom();
  private static final Logger LOG = Logger.getLogger(Connection.class.getName());

  /** Where the socket is in its life; see {@link SocketLifecycle}. */
  private enum Lifecycle { OPENING, REGISTERED, ENDED }

  private final String id = UUID.randomUUID().toString();
  private final Session session;
  private final Caller caller;
  private final Executor executor;
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final long maxBytes;
  /** Bytes of frames handed to the container, ever; written only by the owner of the right to send. */
  private final AtomicLong handedOver = new AtomicLong();
  /** Of those, how many the client has confirmed it read (a pong to one of our probes). */
  private final AtomicLong confirmed = new AtomicLong();
  private final Deque<Probe> probes = new ArrayDeque<>();
  private long probedAt;
  private final AtomicBoolean sending = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long lastHeard = System.nanoTime();
  private volatile boolean ready;
  private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.OPENING);

  /** A ping's payload, to be echoed in the client's pong: the count handed over when it was sent. */
  private record Probe(long mark, long nonce) {}

  /** {@code executor} runs closes and the sends that follow a completion reported later. */
  public Connection(Session session, Caller caller, Executor executor) {
    this(session, caller, executor, SocketSettings.DEFAULT_MAX_QUEUED_BYTES);
  }

  /** The same, with {@code maxBytes} ({@code chat.socket.max-queued-bytes}) as the byte bound. */
  public Connection(Session session, Caller caller, Executor executor, long maxBytes) {
    if (maxBytes < 8) {
      throw new IllegalArgumentException("chat.socket.max-queued-bytes must be at least 8: " + maxBytes);
    }
    this.session = session;
    this.caller = caller;
    this.executor = executor;
    this.maxBytes = maxBytes;
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

  /** A WebSocket ping (a probe, see above); the client's stack answers it with a pong. */
  public void ping() {
    probe();
  }

  /**
   * The client's pong: when it echoes one of our probes, everything handed over before that probe
   * has been read, and the window reopens.
   */
  public void ponged(ByteBuffer payload) {
    if (payload == null || payload.remaining() != 16) {
      return;
    }
    ByteBuffer data = payload.duplicate();
    Probe echoed = new Probe(data.getLong(), data.getLong());
    synchronized (probes) {
      if (!probes.contains(echoed)) {
        return;
      }
      // This one and every older probe are answered (a client may answer only the latest ping).
      while (!probes.pollFirst().equals(echoed)) {
        // dropped
      }
    }
    confirmed.accumulateAndGet(echoed.mark(), Math::max);
    if (canSend() && sending.compareAndSet(false, true)) {
      carryOnElsewhere();
    }
  }

  /** Bytes handed to the container that the client has not confirmed: its share of their buffers. */
  public long unconfirmedBytes() {
    return handedOver.get() - confirmed.get();
  }

  private void probe() {
    Probe probe = new Probe(handedOver.get(), NONCES.nextLong());
    synchronized (probes) {
      probes.addLast(probe);
      if (probes.size() > MAX_PROBES) {
        probes.pollFirst();
      }
    }
    try {
      session.getAsyncRemote().sendPing(ByteBuffer.allocate(16).putLong(probe.mark()).putLong(probe.nonce()).flip());
    } catch (IOException | RuntimeException e) {
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
    queuedBytes.set(0);
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
    long size = utf8Length(frame);
    if (queuedBytes.get() + size > maxBytes) {
      if (sheddable) {
        return;
      }
      LOG.warning(() -> "Socket of user " + caller.userId() + " has " + unconfirmedBytes()
          + " bytes unread and " + queuedBytes.get() + " queued; closing it");
      close(CloseReason.CloseCodes.VIOLATED_POLICY, "too much unread data; reconnect and catch up");
      return;
    }
    queued.incrementAndGet();
    queuedBytes.addAndGet(size);
    queue.add(frame);
    if (sending.compareAndSet(false, true)) {
      drain();
    }
  }

  /*
   * Runs while owning the right to send, and ends having released it or handed it to a pending
   * completion. A send that completes at once is followed by the next one in this loop, so a long
   * queue never deepens the stack. The right is released when nothing may be sent (queue empty,
   * window full, closed); whoever changes that afterwards (enqueue, pong) takes it back.
   */
  private void drain() {
    while (true) {
      if (!canSend()) {
        sending.set(false);
        // Changed after the check but before the release: take the right back and carry on.
        if (!canSend() || !sending.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      String frame = queue.poll();
      if (frame == null) {
        continue;
      }
      long size = utf8Length(frame);
      queued.decrementAndGet();
      queuedBytes.addAndGet(-size);
      Send send = new Send();
      try {
        session.getAsyncRemote().sendText(frame, send);
      } catch (RuntimeException e) {
        // Closed meanwhile, or the container is stopping: the socket ends, the caller carries on.
        logSendFailure("refused", e);
        close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
        continue;
      }
      // Counted once handed over: a probe sent meanwhile by the keepalive never covers it early.
      long total = handedOver.addAndGet(size);
      if (total - probedAt >= maxBytes / 8) {
        probedAt = total;
        probe();
      }
      if (send.returnedFirst()) {
        return;
      }
    }
  }

  /** Whether the owner of the right to send has something it may send now. */
  private boolean canSend() {
    return !closed.get() && !queue.isEmpty() && unconfirmedBytes() < maxBytes;
  }

  /** The frame's length in UTF-8, as on the wire; a surrogate pair counts 4. */
  static long utf8Length(String frame) {
    long bytes = frame.length();
    for (int i = 0; i < frame.length(); i++) {
      char c = frame.charAt(i);
      if (c >= 0x80) {
        bytes += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
      }
    }
    return bytes;
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
