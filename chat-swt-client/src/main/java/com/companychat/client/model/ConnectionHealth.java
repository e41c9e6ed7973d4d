package com.companychat.client.model;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the open socket is really alive, and when it has earned a reset of the backoff.
 * A socket that a server accepts and closes at once has not: the backoff is reset only after
 * the socket stayed open {@link #STABLE} or a frame arrived on it. A half-open socket (the peer
 * gone without a close) looks open for ever: a ping goes out every {@link #PING_EVERY}, and no
 * pong within {@link #PONG_WITHIN} means it is dead. The last round trip tells the quality.
 * Time is passed in, so that the rules are checked without waiting. Thread-safe.
 */
public final class ConnectionHealth {
  public static final Duration STABLE = Duration.ofSeconds(10);
  public static final Duration PING_EVERY = Duration.ofSeconds(25);
  public static final Duration PONG_WITHIN = Duration.ofSeconds(10);
  /** A round trip slower than this is shown as slow. */
  public static final Duration SLOW = Duration.ofMillis(800);

  /** What a periodic check asks for. */
  public enum Check { NOTHING, RESET_BACKOFF, PING, DEAD }

  private final Duration stable;
  private final Duration pingEvery;
  private final Duration pongWithin;
  private Instant openedAt;
  private Instant lastPing;
  private Instant pingInFlight;
  private boolean earned;
  private Duration rtt;

  public ConnectionHealth() {
    this(STABLE, PING_EVERY, PONG_WITHIN);
  }

  /** With other periods (tests). */
  public ConnectionHealth(Duration stable, Duration pingEvery, Duration pongWithin) {
    this.stable = stable;
    this.pingEvery = pingEvery;
    this.pongWithin = pongWithin;
  }

  /** A socket opened now. */
  public synchronized void opened(Instant now) {
    openedAt = now;
    lastPing = now;
    pingInFlight = null;
    earned = false;
    rtt = null;
  }

  public synchronized void closed() {
    openedAt = null;
    pingInFlight = null;
  }

  /** A frame arrived: true the first time on this socket (the backoff may be reset now). */
  public synchronized boolean frame() {
    return earn();
  }

  /** The pong of the last ping arrived now. */
  public synchronized void pong(Instant now) {
    if (pingInFlight != null) {
      rtt = Duration.between(pingInFlight, now);
      pingInFlight = null;
    }
  }

  /** Checked about every second while a socket is open; a PING is counted as sent now. */
  public synchronized Check check(Instant now) {
    if (openedAt == null) {
      return Check.NOTHING;
    }
    if (pingInFlight != null && !now.isBefore(pingInFlight.plus(pongWithin))) {
      return Check.DEAD;
    }
    if (!earned && !now.isBefore(openedAt.plus(stable)) && earn()) {
      return Check.RESET_BACKOFF;
    }
    if (pingInFlight == null && !now.isBefore(lastPing.plus(pingEvery))) {
      lastPing = now;
      pingInFlight = now;
      return Check.PING;
    }
    return Check.NOTHING;
  }

  /** The last round trip; null before the first pong. */
  public synchronized Duration rtt() {
    return rtt;
  }

  public synchronized boolean isSlow() {
    return rtt != null && rtt.compareTo(SLOW) > 0;
  }

  private boolean earn() {
    if (earned || openedAt == null) {
      return false;
    }
    earned = true;
    return true;
  }
}
