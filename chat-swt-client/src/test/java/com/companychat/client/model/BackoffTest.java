package com.companychat.client.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void theFirstRetryIsAboutTwoSecondsThenDoublesUpToTheCap() {
    Backoff backoff = new Backoff(new Random(1));
    long[] expectedBase = {2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000};
    for (long base : expectedBase) {
      long delay = backoff.failed().toMillis();
      assertTrue(delay >= base * 0.5 && delay <= base * 1.5, "delay " + delay + " for base " + base);
    }
  }

  /** 2,000 clients lose a server that is back 10 s later: when do they knock again? */
  @Test
  void clientsOfARestartedServerComeBackSpreadOverSeconds() {
    Random randomness = new Random(11);
    int clients = 2_000;
    int[] perSecond = new int[120];
    for (int client = 0; client < clients; client++) {
      Backoff backoff = new Backoff(randomness);
      long at = 0;
      while (at < 10_000) {
        at += backoff.failed().toMillis();
      }
      perSecond[(int) (at / 1000)]++;
    }
    int busiest = java.util.Arrays.stream(perSecond).max().orElseThrow();
    assertTrue(busiest < clients * 0.25, "the busiest second holds " + busiest + " of " + clients + " reconnects");
  }

  @Test
  void jitterSpreadsClientsThatFailedTogether() {
    long min = Long.MAX_VALUE;
    long max = 0;
    Random randomness = new Random(42);
    for (int client = 0; client < 200; client++) {
      long d = new Backoff(randomness).failed().toMillis();
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(max - min > 500, "2,000 clients must not retry in the same instant: " + min + ".." + max);
  }

  @Test
  void afterFiveFailuresTheAppFallsBackToRestAndASuccessResetsEverything() {
    Backoff backoff = new Backoff(new Random(7));
    for (int i = 1; i < Backoff.FALLBACK_AFTER; i++) {
      backoff.failed();
      assertFalse(backoff.useRestFallback(), "after " + i);
    }
    backoff.failed();
    assertTrue(backoff.useRestFallback());
    backoff.succeeded();
    assertFalse(backoff.useRestFallback());
    assertEquals(0, backoff.failures());
    assertTrue(backoff.failed().compareTo(Duration.ofMillis(3_000)) <= 0, "back to about 2 s");
  }

  @Test
  void itNeverGivesUp() {
    Backoff backoff = new Backoff(new Random(3));
    for (int i = 0; i < 10_000; i++) {
      assertTrue(backoff.failed().toMillis() <= 45_000);
    }
  }
}
