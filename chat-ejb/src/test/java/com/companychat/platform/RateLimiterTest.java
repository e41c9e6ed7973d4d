package com.companychat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket, on a clock the test moves by hand. */
class RateLimiterTest {
  private static final long MILLI = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  /** Starts far from zero: the limiter must not assume nanoTime starts anywhere in particular. */
  private final AtomicLong now = new AtomicLong(-7_777 * SECOND);
  private final RateLimiter<String> limiter = new RateLimiter<>(40, 20, now::get);

  @Test
  void aBurstOfFortyPassesThenTheNextIsRefusedWithAPositiveWait() {
    for (int i = 0; i < 40; i++) {
      assertEquals(0, limiter.tryAcquire("alice"), "call " + (i + 1) + " of the burst");
    }
    assertTrue(limiter.tryAcquire("alice") > 0);
  }

  @Test
  void refusedCallsSpendNothing() {
    drain("alice");
    for (int i = 0; i < 100; i++) {
      assertTrue(limiter.tryAcquire("alice") > 0);
    }
    now.addAndGet(50 * MILLI);
    assertEquals(0, limiter.tryAcquire("alice"));
  }

  @Test
  void refillsOneTokenEveryFiftyMillisecondsAtTwentyPerSecond() {
    drain("alice");
    now.addAndGet(49 * MILLI);
    assertTrue(limiter.tryAcquire("alice") > 0, "49 ms is not yet a token");
    now.addAndGet(MILLI);
    assertEquals(0, limiter.tryAcquire("alice"));
    assertTrue(limiter.tryAcquire("alice") > 0, "one token only");

    now.addAndGet(SECOND);
    for (int i = 0; i < 20; i++) {
      assertEquals(0, limiter.tryAcquire("alice"), "token " + (i + 1) + " of the second");
    }
    assertTrue(limiter.tryAcquire("alice") > 0, "a second refills 20 tokens, not 21");
  }

  @Test
  void neverHoldsMoreThanItsCapacity() {
    drain("alice");
    now.addAndGet(3600 * SECOND);
    drain("alice");
  }

  @Test
  void theWaitItAnswersIsEnoughAndAtMostASecondTooLong() {
    RateLimiter<String> slow = new RateLimiter<>(1, 1.0 / 30, now::get);
    assertEquals(0, slow.tryAcquire("alice"));
    long wait = slow.tryAcquire("alice");
    assertTrue(wait >= 30 && wait <= 31, "wait " + wait);

    now.addAndGet((wait - 1) * SECOND);
    long rest = slow.tryAcquire("alice");
    assertTrue(rest > 0 && rest <= 2, "waiting less than told is still refused, rest " + rest);
    now.addAndGet(SECOND);
    assertEquals(0, slow.tryAcquire("alice"));
  }

  @Test
  void keysAreIndependent() {
    drain("alice");
    drain("bob");
    assertTrue(limiter.tryAcquire("alice") > 0);
  }

  @Test
  void peekDoesNotConsume() {
    for (int i = 0; i < 100; i++) {
      assertEquals(0, limiter.peek("alice"));
    }
    drain("alice");
    assertTrue(limiter.peek("alice") > 0, "peek sees the empty bucket");
    now.addAndGet(50 * MILLI);
    assertEquals(0, limiter.peek("alice"));
    assertEquals(0, limiter.peek("alice"));
    assertEquals(0, limiter.tryAcquire("alice"), "the token peek saw is still there");
    assertTrue(limiter.peek("alice") > 0);
  }

  @Test
  void forgettingIdleKeysNeverResetsALimitedOne() {
    drain("alice");
    for (int i = 0; i < 10_001; i++) {
      limiter.tryAcquire("visitor-" + i); // enough keys to make the limiter sweep
    }
    assertTrue(limiter.tryAcquire("alice") > 0, "alice is still limited after a sweep");

    now.addAndGet(SECOND);
    limiter.tryAcquire("visitor-0"); // the visitors are full again and may be swept
    for (int i = 0; i < 20; i++) {
      assertEquals(0, limiter.tryAcquire("alice"), "token " + (i + 1) + " of the second");
    }
    assertTrue(limiter.tryAcquire("alice") > 0, "alice's bucket was kept, not recreated full");
  }

  @Test
  void concurrentCallersNeverGetMoreThanTheBurst() throws Exception {
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> granted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        granted.add(pool.submit(() -> {
          start.await();
          int ok = 0;
          for (int i = 0; i < 25; i++) {
            if (limiter.tryAcquire("alice") == 0) {
              ok++;
            }
          }
          return ok;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : granted) {
        total += f.get(10, TimeUnit.SECONDS);
      }
      assertEquals(40, total);
    } finally {
      pool.shutdownNow();
    }
  }

  private void drain(String key) {
    for (int i = 0; i < 40; i++) {
      assertEquals(0, limiter.tryAcquire(key), key + ": token " + (i + 1) + " of 40");
    }
    assertTrue(limiter.tryAcquire(key) > 0, key + ": the 41st is refused");
  }
}
