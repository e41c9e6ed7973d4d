package com.companychat.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.companychat.accounts.control.Caller;
import com.companychat.accounts.entity.Role;
import com.companychat.events.LocalEventBus;
import com.companychat.messaging.control.ConversationQueries;
import com.companychat.messaging.control.MessageView;
import com.companychat.protocol.FrameCodec;
import com.companychat.protocol.ServerFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Order and completeness of one user's deliveries, and when the store is asked: only when an
 * event may have overtaken another. The store is a list of committed messages here.
 */
class DeliveryOrderTest {
  static final long COMPANY = 7;
  static final long ALICE = 1;
  static final long BOB = 2;
  static final long UNKNOWN = -1;

  final StoredMessages store = new StoredMessages();
  final DeliveryOrder order = new DeliveryOrder();
  final List<String> aliceFrames = new ArrayList<>();

  DeliveryOrderTest() {
    SocketRegistry registry = new SocketRegistry();
    registry.events = new LocalEventBus();
    order.sockets = registry;
    order.queries = store;
    order.metrics = new RealtimeMetrics() {
      @Override
      public void delivered(Instant createdAt) {}
    };
    order.open(InstantSockets.ready(new Caller(ALICE, "alice", COMPANY, Role.EMPLOYEE), aliceFrames, f -> {}), 100);
    store.reads = 0;
  }

  /** Issue 11 item 8: whatever an event from the bus claims, a socket hears only its own company. */
  @Test
  void aMessageOfAnotherCompanyIsNeverWrittenToTheSocketEvenForTheSameUserId() {
    order.deliver(COMPANY + 1, ALICE, store.commit(105, BOB, ALICE), 100);
    assertEquals(List.of(), delivered());
    order.deliver(COMPANY, ALICE, store.commit(106, BOB, ALICE), UNKNOWN);
    assertEquals(List.of(106L), delivered(), "its own company's message still arrives");
  }

  @Test
  void aMessageWhosePredecessorWasDeliveredGoesOutWithoutAskingTheStore() {
    // Ids are global: alice's messages are 105 and 230, others' came in between.
    order.deliver(COMPANY, ALICE, store.commit(105, BOB, ALICE), 100);
    order.deliver(COMPANY, ALICE, store.commit(230, ALICE, BOB), 105);

    assertEquals(List.of(105L, 230L), delivered());
    assertEquals(0, store.reads);
  }

  @Test
  void aMessageThatOvertookItsPredecessorBringsItFromTheStoreFirstAndItsOwnEventIsDropped() {
    MessageView late = store.commit(105, BOB, ALICE);
    MessageView early = store.commit(230, ALICE, BOB);

    order.deliver(COMPANY, ALICE, early, 105);
    order.deliver(COMPANY, ALICE, late, 100);

    assertEquals(List.of(105L, 230L), delivered(), "in id order, each once");
    assertEquals(1, store.reads);
  }

  @Test
  void anEventOfAnOlderReleaseWithoutPredecessorAsksTheStoreWhenIdsJump() {
    order.deliver(COMPANY, ALICE, store.commit(101, BOB, ALICE), UNKNOWN);
    order.deliver(COMPANY, ALICE, store.commit(230, ALICE, BOB), UNKNOWN);

    assertEquals(List.of(101L, 230L), delivered());
    assertEquals(1, store.reads, "101 follows the start; 230 might have overtaken something");
  }

  @Test
  void aMessageAlreadyDeliveredIsNotDeliveredAgain() {
    MessageView m = store.commit(105, BOB, ALICE);
    order.deliver(COMPANY, ALICE, m, 100);
    order.deliver(COMPANY, ALICE, m, 100);

    assertEquals(List.of(105L), delivered());
  }

  /*
   * Alice's socket here has everything up to 100. Message 150 is still on its way from another
   * instance when her second socket opens (its handshake saw 150) and 160 commits meanwhile: the
   * open reads both, so her first socket gets 150 before 160, and the new one only 160.
   */
  @Test
  void aSecondSocketOpeningWhileAMessageIsInTransitKeepsTheFirstOneInOrder() {
    MessageView inTransit = store.commit(150, BOB, ALICE);
    MessageView newer = store.commit(160, ALICE, BOB);
    List<String> second = new ArrayList<>();

    order.open(InstantSockets.opening(new Caller(ALICE, "alice", COMPANY, Role.EMPLOYEE), second, f -> {}), 150);
    order.deliver(COMPANY, ALICE, inTransit, 100);
    order.deliver(COMPANY, ALICE, newer, 150);

    assertEquals(List.of(150L, 160L), delivered(), "the first socket, in order, each once");
    assertEquals(List.of(160L), ids(second), "the second socket, after its start");
  }

  private List<Long> delivered() {
    return ids(aliceFrames);
  }

  private static List<Long> ids(List<String> frames) {
    return frames.stream().map(FrameCodec::decodeServer)
        .map(f -> ((ServerFrame.ChatMessage) f).messageId()).toList();
  }

  /** Committed messages, read like {@link ConversationQueries#between}; counts the reads. */
  static final class StoredMessages extends ConversationQueries {
    final List<MessageView> committed = new ArrayList<>();
    int reads;

    MessageView commit(long id, long sender, long receiver) {
      MessageView m = new MessageView(id, sender, sender == ALICE ? "alice" : "bob", receiver, "m" + id,
          Instant.EPOCH, false, null);
      committed.add(m);
      return m;
    }

    @Override
    public List<MessageView> between(long companyId, long userId, long afterId, long beforeId) {
      reads++;
      return committed.stream()
          .filter(m -> m.senderId() == userId || m.receiverId() == userId)
          .filter(m -> m.messageId() > afterId && m.messageId() < beforeId)
          .sorted(java.util.Comparator.comparingLong(MessageView::messageId)).toList();
    }
  }
}
