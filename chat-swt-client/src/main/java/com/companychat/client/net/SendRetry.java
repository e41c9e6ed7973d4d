package com.companychat.client.net;

import com.companychat.client.model.Backoff;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Messages the server refused for now ({@code rate_limited}, {@code unavailable}): retried with
 * backoff, and in order. From the first such refusal until the outbox is empty, nothing is sent
 * while a delay runs, and then one message at a time (the next when the previous is
 * acknowledged), so that a retried message is not overtaken by a later one. A message refused
 * {@link #MAX_ATTEMPTS} times is given up ("failed — retry" on its bubble). Thread-safe.
 */
final class SendRetry {
  static final int MAX_ATTEMPTS = 5;

  /** What to do after a refusal: give up, or retry after {@code delay} (null: one is already planned). */
  record Decision(boolean giveUp, Duration delay) {}

  private final Backoff backoff;
  private final Map<String, Integer> attempts = new HashMap<>();
  private boolean oneAtATime;
  private boolean waiting;

  SendRetry(Backoff backoff) {
    this.backoff = backoff;
  }

  synchronized Decision refused(String clientMsgId) {
    if (attempts.merge(clientMsgId, 1, Integer::sum) >= MAX_ATTEMPTS) {
      attempts.remove(clientMsgId);
      return new Decision(true, null);
    }
    oneAtATime = true;
    if (waiting) {
      return new Decision(false, null);
    }
    waiting = true;
    return new Decision(false, backoff.failed());
  }

  /** The planned delay is over: sending goes on (one at a time). */
  synchronized void waited() {
    waiting = false;
  }

  /** Whether a message may go out now; {@code oldest} says whether it is the oldest unacknowledged. */
  synchronized boolean maySend(boolean oldest) {
    return !waiting && (!oneAtATime || oldest);
  }

  synchronized boolean oneAtATime() {
    return oneAtATime;
  }

  /** The server stored it; when nothing waits any more, sending is back to normal. */
  synchronized void acknowledged(String clientMsgId, boolean outboxEmpty) {
    attempts.remove(clientMsgId);
    if (outboxEmpty) {
      oneAtATime = false;
      backoff.succeeded();
    }
  }
}
