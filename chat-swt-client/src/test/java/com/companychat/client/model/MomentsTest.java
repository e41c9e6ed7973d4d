package com.companychat.client.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MomentsTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final LocalDate TODAY = LocalDate.of(2026, 3, 5);

  @Test
  void theListShowsTheTimeTodayThenYesterdayThenTheDate() {
    assertEquals("14:05", Moments.listTime(Instant.parse("2026-03-05T13:05:00Z"), TODAY, BERLIN));
    assertEquals("Yesterday", Moments.listTime(Instant.parse("2026-03-04T22:59:00Z"), TODAY, BERLIN));
    assertEquals("1 Mar", Moments.listTime(Instant.parse("2026-03-01T10:00:00Z"), TODAY, BERLIN));
    assertEquals("1 Dec 2025", Moments.listTime(Instant.parse("2025-12-01T10:00:00Z"), TODAY, BERLIN));
  }

  @Test
  void lastSeenSaysTheDayAndTheTimeInTheUsersZone() {
    assertEquals("last seen today at 00:30", Moments.lastSeen(Instant.parse("2026-03-04T23:30:00Z"), TODAY, BERLIN));
    assertEquals("last seen yesterday at 09:12", Moments.lastSeen(Instant.parse("2026-03-04T08:12:00Z"), TODAY, BERLIN));
    assertEquals("last seen 2 Mar", Moments.lastSeen(Instant.parse("2026-03-02T08:12:00Z"), TODAY, BERLIN));
  }
}
