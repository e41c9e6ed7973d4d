package com.companychat.client.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.client.model.Backoff;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SendRetryTest {
  SendRetry retry = new SendRetry(new Backoff(new Random(1), Duration.ofSeconds(1), Duration.ofSeconds(16)));

  @Test
  void aRefusalHoldsEverythingBackThenSendsTheOldestFirstOneAtATime() {
    assertTrue(retry.maySend(false), "normally pipelined");
    SendRetry.Decision d = retry.refused("a");
    assertFalse(d.giveUp());
    assertNotNull(d.delay());
    assertFalse(retry.maySend(true), "nothing while the delay runs");
    assertNull(retry.refused("b").delay(), "one delay for the burst");
    retry.waited();
    assertTrue(retry.maySend(true));
    assertFalse(retry.maySend(false), "a later one waits for the oldest");
    retry.acknowledged("a", false);
    assertTrue(retry.oneAtATime());
    retry.acknowledged("b", true);
    assertTrue(retry.maySend(false), "back to normal");
  }

  @Test
  void aMessageRefusedFiveTimesIsGivenUp() {
    for (int i = 1; i < SendRetry.MAX_ATTEMPTS; i++) {
      assertFalse(retry.refused("a").giveUp());
      retry.waited();
    }
    assertTrue(retry.refused("a").giveUp());
  }
}
