package com.companychat.client.model;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try the socket again: about 2 s after the first failure, doubling up to 30 s, each
 * delay drawn at random between half and one and a half times that, so that the clients of a
 * restarted server come back spread over seconds rather than all at once (±20 % put almost a
 * third of them into one second after a 10 s outage).
 * After {@link #FALLBACK_AFTER} failures in a row the app works over REST meanwhile.
 */
public final class Backoff {
  public static final int FALLBACK_AFTER = 5;
  static final Duration FIRST = Duration.ofSeconds(2);
  static final Duration CAP = Duration.ofSeconds(30);

  private final RandomGenerator random;
  private final Duration first;
  private final Duration cap;
  private int failures;

  public Backoff(RandomGenerator random) {
    this(random, FIRST, CAP);
  }

  public Backoff(RandomGenerator random, Duration first, Duration cap) {
    this.random = random;
    this.first = first;
    this.cap = cap;
  }

  /** Records a failed attempt; returns how long to wait before the next one. */
  public Duration failed() {
    failures++;
    long base = Math.min(cap.toMillis(), first.toMillis() << Math.min(failures - 1, 10));
    double jitter = 0.5 + random.nextDouble();
    return Duration.ofMillis(Math.round(base * jitter));
  }

  public void succeeded() {
    failures = 0;
  }

  /** Whether to work over REST until the socket is back. */
  public boolean useRestFallback() {
    return failures >= FALLBACK_AFTER;
  }

  public int failures() {
    return failures;
  }
}
