package com.companychat.presence.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.accounts.control.Caller;
import com.companychat.events.ChatEvent;
import com.companychat.platform.ChatFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Presence of two instances on one database, with a clock the test moves. */
class PresenceServiceTest {
  static ChatFixture chat;

  MovableClock clock = new MovableClock();
  PresenceService a;
  PresenceService b;
  Caller alice;

  @BeforeAll
  static void open() {
    chat = ChatFixture.onH2();
  }

  @AfterAll
  static void close() {
    chat.close();
  }

  @BeforeEach
  void twoInstances() {
    a = new PresenceService(chat.db(), chat.events(), ChatFixture.unique("a"), clock);
    b = new PresenceService(chat.db(), chat.events(), ChatFixture.unique("b"), clock);
    a.heartbeat();
    b.heartbeat();
    alice = chat.employee(chat.company(), "alice");
    chat.forgetEvents();
  }

  @Test
  void onlineOnTheFirstSocketAnywhereOfflineAfterTheLast() {
    a.opened(alice);
    b.opened(alice);
    a.closed(alice);
    assertEquals(List.of(true), onlineChanges());
    b.closed(alice);
    assertEquals(List.of(true, false), onlineChanges());
  }

  @Test
  void aKilledInstancesUsersGoOfflineWhenSwept() {
    a.opened(alice);
    clock.advance(PresenceService.STALE_AFTER.plusSeconds(1));
    b.heartbeat();
    b.sweep();
    assertEquals(List.of(true, false), onlineChanges());
  }

  @Test
  void anInstanceSweptWhileOnlyStalledRegistersItsSocketsAgain() {
    a.opened(alice);
    a.opened(alice);
    clock.advance(PresenceService.STALE_AFTER.plusSeconds(1));
    b.heartbeat();
    b.sweep();
    a.heartbeat();
    assertEquals(List.of(true, false, true), onlineChanges(), "back online when the stalled instance returns");
    a.closed(alice);
    assertEquals(3, onlineChanges().size(), "one socket is still open");
    a.closed(alice);
    assertEquals(List.of(true, false, true, false), onlineChanges());
  }

  @Test
  void versionsGrowWithEveryChange() {
    a.opened(alice);
    a.closed(alice);
    List<Long> versions = chat.published(ChatEvent.PresenceChanged.class).stream()
        .map(ChatEvent.PresenceChanged::version).toList();
    assertTrue(versions.get(1) > versions.get(0), versions.toString());
  }

  private List<Boolean> onlineChanges() {
    return chat.published(ChatEvent.PresenceChanged.class).stream()
        .filter(p -> p.userId() == alice.userId()).map(ChatEvent.PresenceChanged::online).toList();
  }

  /** A clock that moves only when told. */
  static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
