package com.companychat.client.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
  static final ZoneId UTC = ZoneId.of("UTC");
  static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

  static Message m(long id, long sender, String at) {
    return Message.stored(id, sender, sender == 1 ? 2 : 1, "m" + id, Instant.parse(at), false, null);
  }

  @Test
  void daySeparatorsDividerAndGroups() {
    List<Message> messages = List.of(
        m(1, 2, "2026-03-07T09:00:00Z"),
        m(2, 1, "2026-03-09T09:00:00Z"),
        m(3, 1, "2026-03-09T09:04:00Z"),
        m(4, 1, "2026-03-09T09:20:00Z"),
        m(5, 2, "2026-03-10T08:00:00Z"),
        m(6, 2, "2026-03-10T08:01:00Z"));
    List<Timeline.Row> rows = Timeline.rows(messages, 6, TODAY, UTC);
    assertEquals(List.of(
        new Timeline.Day("Saturday, 7 March 2026"), new Timeline.Bubble(messages.get(0), true),
        new Timeline.Day("Yesterday"), new Timeline.Bubble(messages.get(1), true),
        new Timeline.Bubble(messages.get(2), false), new Timeline.Bubble(messages.get(3), true),
        new Timeline.Day("Today"), new Timeline.Bubble(messages.get(4), true),
        new Timeline.NewMessages(), new Timeline.Bubble(messages.get(5), true)), rows);
  }

  @Test
  void avatarsHaveInitialsAndAStableColour() {
    assertEquals("AJ", Avatar.initials("Alice Johnson"));
    assertEquals("B", Avatar.initials("bob"));
    assertEquals(Avatar.colour("alice", 8), Avatar.colour("alice", 8));
    assertEquals(Math.floorMod("alice".hashCode(), 8), Avatar.colour("alice", 8), "String's hash is specified");
  }
}
