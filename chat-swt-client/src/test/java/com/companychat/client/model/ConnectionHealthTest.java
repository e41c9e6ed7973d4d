package com.companychat.client.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.client.model.ConnectionHealth.Check;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectionHealthTest {
  ConnectionHealth health = new ConnectionHealth();
  Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aSocketClosedSoonAfterOpeningHasNotEarnedABackoffReset() {
    health.opened(t0);
    assertEquals(Check.NOTHING, health.check(t0.plusSeconds(9)));
    health.closed();
    assertEquals(Check.NOTHING, health.check(t0.plusSeconds(30)));
  }

  @Test
  void tenSecondsOpenOrAFrameEarnsItOnce() {
    health.opened(t0);
    assertEquals(Check.RESET_BACKOFF, health.check(t0.plusSeconds(10)));
    assertEquals(Check.NOTHING, health.check(t0.plusSeconds(11)));
    health.opened(t0.plusSeconds(20));
    assertTrue(health.frame());
    assertFalse(health.frame(), "once per socket");
    assertEquals(Check.NOTHING, health.check(t0.plusSeconds(31)));
  }

  @Test
  void aPingEveryTwentyFiveSecondsAndNoPongWithinTenIsADeadSocket() {
    health.opened(t0);
    health.frame();
    assertEquals(Check.NOTHING, health.check(t0.plusSeconds(24)));
    assertEquals(Check.PING, health.check(t0.plusSeconds(25)));
    assertEquals(Check.NOTHING, health.check(t0.plusSeconds(34)));
    assertEquals(Check.DEAD, health.check(t0.plusSeconds(35)));
  }

  @Test
  void thePongGivesTheRoundTripAndTheQuality() {
    health.opened(t0);
    health.frame();
    assertEquals(Check.PING, health.check(t0.plusSeconds(25)));
    health.pong(t0.plusSeconds(25).plusMillis(40));
    assertEquals(Duration.ofMillis(40), health.rtt());
    assertFalse(health.isSlow());
    assertEquals(Check.NOTHING, health.check(t0.plusSeconds(40)), "answered: not dead");
    assertEquals(Check.PING, health.check(t0.plusSeconds(50)));
    health.pong(t0.plusSeconds(52));
    assertTrue(health.isSlow());
  }
}
