package com.companychat.platform;

/**
 * A token budget by key: what {@link RateLimiter} keeps in memory and {@link RedisBudget} keeps
 * in Redis for the whole cluster.
 *
 * @param <K> what is limited: a user id, a username, an address
 */
public interface Budget<K> {
  /** Takes one token; returns 0 when there was one, else the seconds until there will be. */
  long tryAcquire(K key);

  /** Returns one token taken by {@link #tryAcquire} (never beyond the capacity). */
  void giveBack(K key);
}
