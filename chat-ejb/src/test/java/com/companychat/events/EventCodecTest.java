package com.companychat.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.messaging.control.MessageView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events survive the trip between instances unchanged, with their origin. */
class EventCodecTest {

  @Test
  void everyEventTypeRoundTripsWithItsOrigin() {
    List<ChatEvent> events = List.of(
        new ChatEvent.MessageSent(7, new MessageView(1, 2, "alice", 3, "Hi \"there\" <b>\u202E\uD83D\uDE00",
            Instant.parse("2026-01-02T03:04:05.678Z"), false, "c-1"), 0, 1234),
        new ChatEvent.MessageSent(7, new MessageView(1, 2, "alice", 3, "no id", Instant.EPOCH, true, null)),
        new ChatEvent.MessagesRead(7, 3, 2, "socket-1", 41, 17, 5L),
        new ChatEvent.MessagesRead(7, 3, 2, null),
        new ChatEvent.MessagesDelivered(7, 3, 2, 99, 18),
        new ChatEvent.MessagesRead(7, 3, 2, null, 41, ChatEvent.MessagesRead.NOT_TOLD, 99L),
        new ChatEvent.SettingsUpdated(7, 3, false, 12),
        new ChatEvent.Typing(7, 2, "alice", 3, true),
        new ChatEvent.PresenceChanged(7, 2, "alice", false, 12),
        new ChatEvent.UserDeactivated(7, 2),
        new ChatEvent.SessionsEnded(7, 2, "s-1", null),
        new ChatEvent.SessionsEnded(7, 2, null, "s-2"),
        new ChatEvent.SessionsEnded(7, 2, null, null),
        new ChatEvent.EventsMissed(7));
    for (ChatEvent event : events) {
      EventCodec.Envelope envelope = EventCodec.decode(EventCodec.encode("instance-a", event));
      assertEquals("instance-a", envelope.origin());
      assertEquals(event, envelope.event());
    }
  }

  @Test
  void theEnvelopeCarriesWhenItWasPublished() {
    ChatEvent event = new ChatEvent.UserDeactivated(7, 2);
    assertEquals(1_795_000_000_123L, EventCodec.decode(EventCodec.encode("a", event, 1_795_000_000_123L)).sentAtMillis());
  }

  @Test
  void anEnvelopeOfAnOlderReleaseWithoutTimestampIsStillRead() {
    EventCodec.Envelope old = EventCodec.decode(
        "{\"origin\":\"a\",\"company_id\":7,\"type\":\"deactivated\",\"user_id\":2}");
    assertEquals(new ChatEvent.UserDeactivated(7, 2), old.event());
    assertEquals(0, old.sentAtMillis());
  }

  @Test
  void aMessageOfAnOlderReleaseHasUnknownSeqs() {
    ChatEvent.MessageSent old = (ChatEvent.MessageSent) EventCodec.decode("{\"origin\":\"a\",\"company_id\":7,"
        + "\"type\":\"message_sent\",\"message_id\":9,\"sender_id\":2,\"sender_username\":\"alice\","
        + "\"receiver_id\":3,\"message\":\"hi\",\"created_at\":\"2026-01-02T03:04:05Z\",\"is_read\":false,"
        + "\"client_msg_id\":null}").event();
    assertEquals(ChatEvent.MessageSent.UNKNOWN, old.seqOf(2));
    assertEquals(ChatEvent.MessageSent.UNKNOWN, old.seqOf(3));
  }

  @Test
  void anInstanceKnowsItsOwnEnvelopesAndTheirTimeByTheirBeginning() {
    for (String origin : List.of("instance-a", "odd \"name\" \\ \u00e9")) {
      String prefix = EventCodec.prefixOf(origin);
      for (ChatEvent event : List.of(new ChatEvent.UserDeactivated(7, 2), new ChatEvent.EventsMissed(8))) {
        String text = EventCodec.encode(origin, event, 1_795_000_000_123L);
        assertTrue(text.startsWith(prefix), text);
        assertEquals(1_795_000_000_123L, EventCodec.sentAtAfter(prefix, text));
        assertFalse(EventCodec.encode(origin + "x", event).startsWith(prefix), "another instance's");
      }
    }
  }

  @Test
  void somethingThatIsNotOurEventIsRefused() {
    assertThrows(RuntimeException.class, () -> EventCodec.decode("{\"type\":\"nope\",\"company_id\":1,\"origin\":\"x\"}"));
    assertThrows(RuntimeException.class, () -> EventCodec.decode("not json"));
  }
}
