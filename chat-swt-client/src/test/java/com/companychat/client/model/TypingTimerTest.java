package com.companychat.client.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TypingTimerTest {
  TypingTimer timer = new TypingTimer();
  Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void theirIndicatorDisappearsTwoSecondsAfterTheLastEvent() {
    timer.theyTyped(5, true, t0);
    assertTrue(timer.isTyping(5, t0.plusMillis(1_900)));
    assertFalse(timer.isTyping(5, t0.plusMillis(2_000)));
  }

  @Test
  void theirIndicatorDisappearsOnStopOrOnTheirMessage() {
    timer.theyTyped(5, true, t0);
    timer.theyTyped(5, false, t0.plusMillis(100));
    assertFalse(timer.isTyping(5, t0.plusMillis(200)));
    timer.theyTyped(5, true, t0.plusMillis(300));
    timer.theySent(5);
    assertFalse(timer.isTyping(5, t0.plusMillis(400)));
  }

  @Test
  void iAnnounceTypingOncePerBurstAndStopAfterTwoQuietSeconds() {
    assertTrue(timer.keystroke(t0));
    assertFalse(timer.keystroke(t0.plusMillis(300)));
    assertFalse(timer.stoppedTyping(t0.plusMillis(2_200)));
    assertTrue(timer.stoppedTyping(t0.plusMillis(2_300)));
    assertFalse(timer.stoppedTyping(t0.plusMillis(5_000)), "once");
    assertTrue(timer.keystroke(t0.plusMillis(6_000)), "a new burst");
  }

  @Test
  void sendingEndsMyTyping() {
    timer.keystroke(t0);
    timer.sent();
    assertFalse(timer.stoppedTyping(t0.plusSeconds(5)));
    assertTrue(timer.keystroke(t0.plusSeconds(6)));
  }
}
