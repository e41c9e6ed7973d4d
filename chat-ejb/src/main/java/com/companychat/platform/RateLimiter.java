package com.companychat.platform;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets by key, in memory: {@code capacity} tokens, refilled at {@code perSecond}.
 * Thread-safe. A bucket that has refilled completely holds nothing worth keeping and is dropped
 * (at most one sweep a second), so memory follows the keys that spent tokens recently.
 *
 * <p>With a {@code maxKeys} bound the table never holds more keys: when it is full of buckets
 * that still hold spent tokens, a new key is refused (as if its bucket were empty) instead of
 * evicting anyone's bucket. Evicting would hand an attacker a reset of a victim's counter: flood
 * with fresh keys until the victim's entry goes, then guess again.
 *
 * @param <K> what is limited: a user id, a username, an address
 */
public final class RateLimiter<K> implements Budget<K> {
  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

  private final double capacity;
  private final double perNano;
  private final int maxKeys;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<K, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep;

  public RateLimiter(int capacity, double perSecond) {
    this(capacity, perSecond, Integer.MAX_VALUE, System::nanoTime);
  }

  /** Holds at most {@code maxKeys} keys (see the class comment). */
  public RateLimiter(int capacity, double perSecond, int maxKeys) {
    this(capacity, perSecond, maxKeys, System::nanoTime);
  }

  RateLimiter(int capacity, double perSecond, LongSupplier nanoTime) {
    this(capacity, perSecond, Integer.MAX_VALUE, nanoTime);
  }

  /** On a clock of the caller's (tests: a clock moved by hand). */
  public RateLimiter(int capacity, double perSecond, int maxKeys, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.maxKeys = maxKeys;
    this.nanoTime = nanoTime;
    this.lastSweep = new AtomicLong(nanoTime.getAsLong());
  }

  @Override
  public long tryAcquire(K key) {
    Bucket bucket = bucket(key);
    return bucket == null ? secondsPerToken() : bucket.take(nanoTime.getAsLong(), true);
  }

  /** Like {@link #tryAcquire} but takes nothing (and keeps nothing): 0 when a token is available now. */
  public long peek(K key) {
    Bucket bucket = buckets.get(key);
    return bucket == null ? 0 : bucket.take(nanoTime.getAsLong(), false);
  }

  @Override
  public void giveBack(K key) {
    Bucket bucket = buckets.get(key);
    if (bucket != null) {
      bucket.giveBack(nanoTime.getAsLong());
    }
  }

  /** How many keys the table holds now. */
  public int size() {
    return buckets.size();
  }

  /** The keys held now (a live view, for measuring). */
  public java.util.Set<K> keys() {
    return java.util.Collections.unmodifiableSet(buckets.keySet());
  }

  /** The key's bucket, or null when the table is full and the key is new. */
  private Bucket bucket(K key) {
    Bucket existing = buckets.get(key);
    if (existing != null) {
      return existing;
    }
    long now = nanoTime.getAsLong();
    if (buckets.size() >= maxKeys || buckets.size() > 10_000) {
      sweep(now);
    }
    if (buckets.size() >= maxKeys) {
      return null;
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(now));
  }

  /* One sweep a second at most: a flood of new keys must not turn every call into a full scan. */
  private void sweep(long now) {
    long last = lastSweep.get();
    if (now - last >= SWEEP_INTERVAL_NANOS && lastSweep.compareAndSet(last, now)) {
      buckets.values().removeIf(b -> b.isFull(now));
    }
  }

  private long secondsPerToken() {
    return Math.max(1, (long) Math.ceil(1 / perNano / 1e9));
  }

  private final class Bucket {
    private double tokens = capacity;
    private long updated;

    Bucket(long now) {
      this.updated = now;
    }

    synchronized long take(long now, boolean consume) {
      refill(now);
      if (tokens >= 1) {
        if (consume) {
          tokens -= 1;
        }
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perNano / 1e9);
    }

    synchronized void giveBack(long now) {
      refill(now);
      tokens = Math.min(capacity, tokens + 1);
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      tokens = Math.min(capacity, tokens + (now - updated) * perNano);
      updated = now;
    }
  }
}
