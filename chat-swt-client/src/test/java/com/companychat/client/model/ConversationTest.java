package com.companychat.client.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {
  Conversation c = new Conversation(1, 2);

  @Test
  void messagesAreInServerIdOrderAndEachOnceWhateverTheClocksSay() {
    c.add(stored(20, 2, Instant.parse("2026-01-01T10:00:00Z")));
    c.add(stored(10, 1, Instant.parse("2026-01-01T10:10:00Z")));
    assertTrue(c.add(stored(30, 2, Instant.parse("2026-01-01T09:00:00Z"))));
    assertFalse(c.add(stored(20, 2, Instant.parse("2026-01-01T10:00:00Z"))), "a duplicate");
    assertEquals(List.of(10L, 20L, 30L), c.messages().stream().map(Message::id).toList());
    assertEquals(10, c.oldestId());
  }

  @Test
  void aPendingMessageIsReplacedByItsStoredCopy() {
    c.addPending(new Message(0, 1, 2, "hi", Instant.now(), false, "cid", Message.Delivery.SENDING, null));
    assertEquals(Message.Delivery.SENDING, c.messages().get(0).delivery());
    c.add(Message.stored(7, 1, 2, "hi", Instant.now(), false, "cid"));
    assertEquals(1, c.messages().size());
    assertEquals(Message.Delivery.SENT, c.messages().get(0).delivery());
  }

  @Test
  void aRefusedMessageShowsTheServersReason() {
    c.addPending(new Message(0, 1, 2, "x", Instant.now(), false, "cid", Message.Delivery.SENDING, null));
    c.fail("cid", "message must be at most 4000 characters");
    Message m = c.messages().get(0);
    assertEquals(Message.Delivery.FAILED, m.delivery());
    assertEquals("message must be at most 4000 characters", m.error());
  }

  @Test
  void readByPeerMarksOnlyMyMessages() {
    c.add(stored(1, 1, Instant.now()));
    c.add(stored(2, 2, Instant.now()));
    c.readByPeer();
    assertTrue(c.messages().get(0).read());
    assertFalse(c.messages().get(1).read());
  }

  private static Message stored(long id, long sender, Instant at) {
    return Message.stored(id, sender, sender == 1 ? 2 : 1, "m" + id, at, false, null);
  }
}
