package com.companychat.client.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void whileITypeTheAnnouncementIsRepeatedAtMostEveryOneAndAHalfSeconds() {
    assertTrue(timer.keystroke(5, t0));
    assertFalse(timer.keystroke(5, t0.plusMillis(1_000)));
    assertTrue(timer.keystroke(5, t0.plusMillis(1_500)), "re-sent while typing goes on");
    assertEquals(TypingTimer.NOBODY, timer.stillTyping(t0.plusMillis(2_000)));
    assertEquals(5, timer.stillTyping(t0.plusMillis(3_000)), "a tick repeats it too, keys 1.5 s ago");
    assertEquals(TypingTimer.NOBODY, timer.stillTyping(t0.plusMillis(3_600)), "no key for 2 s: no more");
  }

  @Test
  void iStopAfterTwoQuietSecondsOnce() {
    timer.keystroke(5, t0);
    timer.keystroke(5, t0.plusMillis(300));
    assertEquals(TypingTimer.NOBODY, timer.stoppedTyping(t0.plusMillis(2_200)));
    assertEquals(5, timer.stoppedTyping(t0.plusMillis(2_300)));
    assertEquals(TypingTimer.NOBODY, timer.stoppedTyping(t0.plusMillis(5_000)), "once");
    assertTrue(timer.keystroke(5, t0.plusMillis(6_000)), "a new burst");
  }

  @Test
  void sendingOrSwitchingStopsTypingToThePeerWhoWasTold() {
    timer.keystroke(5, t0);
    assertEquals(5, timer.stop(), "on send");
    assertEquals(TypingTimer.NOBODY, timer.stoppedTyping(t0.plusSeconds(5)));
    timer.keystroke(5, t0.plusSeconds(6));
    assertEquals(5, timer.stop(), "on switch: the previous peer");
    assertTrue(timer.keystroke(7, t0.plusMillis(6_100)), "the new peer is told at once");
  }
}
