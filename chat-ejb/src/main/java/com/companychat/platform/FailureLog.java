package com.companychat.platform;

import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Failures that come in floods (every command while the database fails over) logged as one
 * WARNING per kind and interval with a count, instead of a stack trace each. The kind is where
 * it happened and what failed (exception class, SQLState): never a message, which may hold
 * user data. The first failure of a kind is logged at once.
 */
public final class FailureLog {
  public static final long INTERVAL_MS = 30_000;

  private final Logger log;
  private final LongSupplier clock;
  private final ConcurrentMap<String, Tally> kinds = new ConcurrentHashMap<>();

  private static final class Tally {
    final AtomicLong count = new AtomicLong();
    volatile long loggedAt = Long.MIN_VALUE;
  }

  public FailureLog(Logger log) {
    this(log, System::currentTimeMillis);
  }

  FailureLog(Logger log, LongSupplier clock) {
    this.log = log;
    this.clock = clock;
  }

  /** Counts a failure of {@code what}; logs the tally when the kind was not logged for a while. */
  public void failed(String what, Throwable e) {
    String kind = what + ": " + kindOf(e);
    Tally tally = kinds.computeIfAbsent(kind, k -> new Tally());
    tally.count.incrementAndGet();
    long now = clock.getAsLong();
    synchronized (tally) {
      if (tally.loggedAt != Long.MIN_VALUE && now - tally.loggedAt < INTERVAL_MS) {
        return;
      }
      tally.loggedAt = now;
    }
    long count = tally.count.getAndSet(0);
    log.log(Level.WARNING, "{0} ({1} since the last report of this kind; reported at most every {2} s)",
        new Object[] {kind, count, INTERVAL_MS / 1000});
  }

  /** The innermost cause's class, with the SQLState of the first SQLException on the way. */
  static String kindOf(Throwable e) {
    Throwable root = e;
    String state = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      root = t;
      if (state == null && t instanceof SQLException sql && sql.getSQLState() != null) {
        state = sql.getSQLState();
      }
    }
    return root.getClass().getName() + (state == null ? "" : " SQLState " + state);
  }
}
