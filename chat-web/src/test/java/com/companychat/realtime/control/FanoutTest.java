package com.companychat.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.companychat.accounts.control.Caller;
import com.companychat.accounts.entity.Role;
import com.companychat.events.ChatEvent;
import com.companychat.events.LocalEventBus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Presence and typing fan-out on one instance, to sockets whose sends complete at once. */
class FanoutTest {
  final SocketRegistry registry = new SocketRegistry();
  final Fanout fanout = new Fanout();

  FanoutTest() {
    registry.events = new LocalEventBus();
    fanout.sockets = registry;
    fanout.background = Runnable::run;
  }

  @Test
  void aLateOlderPresenceChangeIsDropped() {
    List<String> frames = socket(new Caller(1, "alice", 7L, Role.EMPLOYEE));
    fanout.deliver(new ChatEvent.PresenceChanged(7, 2, "bob", true, 6));
    fanout.deliver(new ChatEvent.PresenceChanged(7, 2, "bob", false, 5));
    fanout.deliver(new ChatEvent.PresenceChanged(7, 2, "bob", true, 6));
    assertEquals(List.of("{\"type\":\"user_status\",\"user_id\":2,\"username\":\"bob\",\"is_online\":true}"), frames);
  }

  @Test
  void presenceAndTypingStayInsideTheirCompany() {
    List<String> mine = socket(new Caller(1, "alice", 7L, Role.EMPLOYEE));
    List<String> other = socket(new Caller(3, "mallory", 8L, Role.EMPLOYEE));
    fanout.deliver(new ChatEvent.PresenceChanged(7, 2, "bob", true, 1));
    fanout.deliver(new ChatEvent.Typing(7, 2, "bob", 1, true));
    fanout.deliver(new ChatEvent.Typing(7, 2, "bob", 3, true));
    assertEquals(2, mine.size());
    assertEquals(List.of(), other);
  }

  /*
   * A send can end a socket on the sending thread (the container reports the failure at once);
   * its user's last socket closing is a presence change delivered right there, inside the
   * announcement that sent the frame.
   */
  @Test
  void aPresenceChangeRaisedWhileAnnouncingOneIsAnnouncedAfterIt() {
    List<String> frames = socket(new Caller(1, "alice", 7L, Role.EMPLOYEE),
        frame -> {
          if (frame.contains("\"is_online\":true")) {
            fanout.deliver(new ChatEvent.PresenceChanged(7, 2, "bob", false, 7));
          }
        });
    fanout.deliver(new ChatEvent.PresenceChanged(7, 2, "bob", true, 6));
    assertEquals(List.of("{\"type\":\"user_status\",\"user_id\":2,\"username\":\"bob\",\"is_online\":true}",
        "{\"type\":\"user_status\",\"user_id\":2,\"username\":\"bob\",\"is_online\":false}"), frames);
  }

  /** Issue 11 item 8: a deactivation claimed for another company closes nothing here. */
  @Test
  void aDeactivationOfAnotherCompanyLeavesTheSocketOpen() {
    Connection alice = InstantSockets.ready(new Caller(1, "alice", 7L, Role.EMPLOYEE), new ArrayList<>(), f -> {});
    registry.add(alice);
    fanout.deliver(new ChatEvent.UserDeactivated(8, 1));
    assertEquals(false, alice.isClosing(), "another company's event");
    fanout.deliver(new ChatEvent.UserDeactivated(7, 1));
    assertEquals(true, alice.isClosing(), "its own company's deactivation closes it");
  }

  private List<String> socket(Caller caller) {
    return socket(caller, frame -> {});
  }

  private List<String> socket(Caller caller, Consumer<String> onWrite) {
    List<String> written = new ArrayList<>();
    registry.add(InstantSockets.ready(caller, written, onWrite));
    return written;
  }
}
