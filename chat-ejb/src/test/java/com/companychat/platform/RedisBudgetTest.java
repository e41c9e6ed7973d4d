package com.companychat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Issue 11 item 4 on the real Redis of this machine: two budgets of one name, as on two
 * instances, share one bucket; while Redis does not answer each decides locally, and once it
 * answers again the budget is the cluster's within one probe interval (on an injected clock).
 */
class RedisBudgetTest {
  static final String REDIS = System.getProperty("chat.test.redis.url", "redis://127.0.0.1:6379");
  /** A refill so slow that no token comes back during a test, at any speed. */
  static final double NO_REFILL = 1e-6;

  RedissonClient live;
  RedissonClient dead;
  String name = "test-" + UUID.randomUUID();

  @BeforeEach
  void connect() {
    live = client(REDIS);
    dead = client("redis://127.0.0.1:1");
  }

  @AfterEach
  void close() {
    live.shutdown();
    dead.shutdown();
  }

  @Test
  void twoInstancesShareOneBucket() {
    RedisBudget<String> onA = new RedisBudget<>(name, 5, NO_REFILL, () -> live, new RateLimiter<>(5, NO_REFILL));
    RedisBudget<String> onB = new RedisBudget<>(name, 5, NO_REFILL, () -> live, new RateLimiter<>(5, NO_REFILL));
    int granted = 0;
    for (int i = 0; i < 20; i++) {
      if ((i % 2 == 0 ? onA : onB).tryAcquire("alice") == 0) {
        granted++;
      }
    }
    assertEquals(5, granted, "one bucket of 5 for both instances, not 5 each");
    onA.giveBack("alice");
    assertEquals(0, onB.tryAcquire("alice"), "a token given back on A is there for B");
    assertTrue(onA.tryAcquire("bob") == 0, "another key has its own bucket");
  }

  @Test
  void whileRedisIsAwayTheLocalBucketDecidesAndOneProbeBringsTheClusterBudgetBack() {
    AtomicReference<RedissonClient> redis = new AtomicReference<>(dead);
    AtomicLong now = new AtomicLong(1_000_000);
    RateLimiter<String> local = new RateLimiter<>(3, NO_REFILL);
    RedisBudget<String> budget = new RedisBudget<>(name, 5, NO_REFILL, redis::get, local, now::get);

    assertEquals(0, budget.tryAcquire("alice"), "Redis away: the local bucket grants");
    assertTrue(budget.isLocal());
    redis.set(live);
    assertEquals(0, budget.tryAcquire("alice"), "before the next probe: still local, without asking Redis");
    assertEquals(0, budget.tryAcquire("alice"));
    assertTrue(budget.isLocal());
    assertTrue(budget.tryAcquire("alice") > 0, "the local bucket of 3 is spent");

    now.addAndGet(RedisBudget.PROBE_EVERY_MILLIS);
    assertEquals(0, budget.tryAcquire("alice"), "the probe asks Redis, whose bucket of 5 is full");
    assertFalse(budget.isLocal(), "the cluster's budget again, one probe interval after Redis's return");
    for (int i = 0; i < 4; i++) {
      assertEquals(0, budget.tryAcquire("alice"));
    }
    assertTrue(budget.tryAcquire("alice") > 0, "Redis's bucket decides: 5 in all");
  }

  private static RedissonClient client(String url) {
    Config config = new Config();
    config.setLazyInitialization(true);
    config.useSingleServer().setAddress(url).setConnectTimeout(300).setTimeout(300).setRetryAttempts(0)
        .setConnectionMinimumIdleSize(1).setConnectionPoolSize(2);
    return Redisson.create(config);
  }
}
