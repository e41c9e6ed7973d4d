package com.companychat.platform;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key, in memory: {@code capacity} tokens, refilled at {@code perSecond}.
 * Thread-safe; buckets that have refilled completely are dropped, so memory follows the keys
 * that are active now.
 *
 * @param <K> what is limited: a user id, a username, an address
 */
public final class RateLimiter<K> {
  private static final int SWEEP_THRESHOLD = 10_000;

  private final double capacity;
  private final double perNano;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<K, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(int capacity, double perSecond) {
    this(capacity, perSecond, System::nanoTime);
  }

  RateLimiter(int capacity, double perSecond, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.nanoTime = nanoTime;
  }

  /** Takes one token; returns 0 when there was one, else the seconds until there will be. */
  public long tryAcquire(K key) {
    return bucket(key).take(nanoTime.getAsLong(), true);
  }

  /** Like {@link #tryAcquire} but takes nothing: 0 when a token is available now. */
  public long peek(K key) {
    return bucket(key).take(nanoTime.getAsLong(), false);
  }

  private Bucket bucket(K key) {
    if (buckets.size() > SWEEP_THRESHOLD) {
      long now = nanoTime.getAsLong();
      buckets.values().removeIf(b -> b.isFull(now));
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(nanoTime.getAsLong()));
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
