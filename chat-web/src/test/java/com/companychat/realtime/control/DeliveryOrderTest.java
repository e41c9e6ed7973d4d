package com.companychat.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.companychat.accounts.control.Caller;
import com.companychat.accounts.entity.Role;
import com.companychat.events.LocalEventBus;
import com.companychat.platform.ChatException;
import com.companychat.platform.ErrorCode;
import com.companychat.stream.control.EventLog;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Order and completeness of one user's stream on their sockets (CONTRACT §6.1), and when the log
 * is asked: only when an event may have overtaken another. The log is a list of committed events.
 */
class DeliveryOrderTest {
  static final long COMPANY = 7;
  static final long ALICE = 1;
  static final long UNKNOWN = -1;
  static final Caller ALICE_CALLER = new Caller(ALICE, "alice", COMPANY, Role.EMPLOYEE);

  final StoredEvents store = new StoredEvents();
  final DeliveryOrder order = new DeliveryOrder();
  final List<String> aliceFrames = new ArrayList<>();
  final Connection aliceSocket = InstantSockets.ready(ALICE_CALLER, aliceFrames, f -> {});

  DeliveryOrderTest() {
    SocketRegistry registry = new SocketRegistry();
    registry.events = new LocalEventBus();
    order.sockets = registry;
    order.log = store;
    for (int seq = 1; seq <= 10; seq++) {
      store.commit(seq);
    }
    order.open(aliceSocket, 10, false);
    store.reads = 0;
  }

  /** Issue 11 item 8: whatever an event from the bus claims, a socket hears only its own company. */
  @Test
  void anEventOfAnotherCompanyIsNeverWrittenToTheSocketEvenForTheSameUserId() {
    order.deliver(COMPANY + 1, ALICE, 11, store.commit(11), null);
    assertEquals(List.of(), delivered());
    order.deliver(COMPANY, ALICE, 12, store.commit(12), null);
    assertEquals(List.of(11L, 12L), delivered(), "its own company's events still arrive, in order");
  }

  @Test
  void theSuccessorOfTheLastSeqGoesOutWithoutAskingTheLog() {
    order.deliver(COMPANY, ALICE, 11, store.commit(11), null);
    order.deliver(COMPANY, ALICE, 12, store.commit(12), null);

    assertEquals(List.of(11L, 12L), delivered());
    assertEquals(0, store.reads);
  }

  @Test
  void anEventThatOvertookItsPredecessorBringsItFromTheLogFirstAndItsOwnEventIsDropped() {
    String late = store.commit(11);
    String early = store.commit(12);

    order.deliver(COMPANY, ALICE, 12, early, null);
    order.deliver(COMPANY, ALICE, 11, late, null);

    assertEquals(List.of(11L, 12L), delivered(), "in seq order, each once");
    assertEquals(1, store.reads);
  }

  @Test
  void anEventOfAnOlderReleaseWithoutSeqIsReadFromTheLog() {
    order.deliver(COMPANY, ALICE, UNKNOWN, store.commit(11), null);
    order.deliver(COMPANY, ALICE, 11, store.frame(11), null);

    assertEquals(List.of(11L), delivered());
    assertEquals(1, store.reads);
  }

  @Test
  void anEventAlreadyDeliveredIsNotDeliveredAgain() {
    String frame = store.commit(11);
    order.deliver(COMPANY, ALICE, 11, frame, null);
    order.deliver(COMPANY, ALICE, 11, frame, null);

    assertEquals(List.of(11L), delivered());
  }

  @Test
  void theSocketThatReadIsNotToldOfItsOwnReceipt() {
    List<String> second = new ArrayList<>();
    Connection reading = InstantSockets.opening(ALICE_CALLER, second, f -> {});
    order.open(reading, 10, false);

    order.deliver(COMPANY, ALICE, 11, store.commit(11), reading.id());

    assertEquals(List.of(11L), delivered());
    assertEquals(List.of(), seqs(second));
  }

  /*
   * Alice's socket here has everything up to 10. Event 11 is still on its way from another
   * instance when her second socket opens (its handshake saw 11) and 12 commits meanwhile: the
   * open reads both, so her first socket gets 11 before 12, and the new one only 12.
   */
  @Test
  void aSecondSocketOpeningWhileAnEventIsInTransitKeepsTheFirstOneInOrder() {
    String inTransit = store.commit(11);
    String newer = store.commit(12);
    List<String> second = new ArrayList<>();

    order.open(InstantSockets.opening(ALICE_CALLER, second, f -> {}), 11, false);
    order.deliver(COMPANY, ALICE, 11, inTransit, null);
    order.deliver(COMPANY, ALICE, 12, newer, null);

    assertEquals(List.of(11L, 12L), delivered(), "the first socket, in order, each once");
    assertEquals(List.of(12L), seqs(second), "the second socket, after its start");
  }

  /*
   * The seam: a resume from 4 replays 5..12 (12 committed on another instance during the replay
   * and is already in the log), says resumed 12, and then drops the late live event 12 and takes
   * 13 live: nothing twice, nothing missed.
   */
  @Test
  void aResumeReplaysWhatWasMissedThenSaysResumedThenGoesLiveWithoutDuplicate() {
    String duringReplay = store.commit(11);
    String committedElsewhere = store.commit(12);
    List<String> resumed = new ArrayList<>();

    order.open(InstantSockets.opening(ALICE_CALLER, resumed, f -> {}), 4, true);
    order.deliver(COMPANY, ALICE, 11, duringReplay, null);
    order.deliver(COMPANY, ALICE, 12, committedElsewhere, null);
    order.deliver(COMPANY, ALICE, 13, store.commit(13), null);

    assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, -12L, 13L), seqs(resumed),
        "replay, resumed (as -12 here), live");
    assertEquals(List.of(11L, 12L, 13L), delivered(), "the socket that was open already");
  }

  @Test
  void aResumeWithNothingMissedSaysResumedWithTheNewestSeq() {
    List<String> resumed = new ArrayList<>();
    order.open(InstantSockets.opening(ALICE_CALLER, resumed, f -> {}), 10, true);
    assertEquals(List.of(-10L), seqs(resumed));
  }

  @Test
  void aResumePointThatIsNotKeptAnyMoreAsksForAResyncThenGoesLive() {
    store.pruneUpTo(6);
    List<String> resumed = new ArrayList<>();

    order.open(InstantSockets.opening(ALICE_CALLER, resumed, f -> {}), 4, true);
    order.deliver(COMPANY, ALICE, 11, store.commit(11), null);

    assertEquals(List.of(0L, -10L, 11L), seqs(resumed), "resync_required (as 0 here), resumed 10, live");
  }

  @Test
  void aResumePointAheadOfTheStreamAsksForAResync() {
    List<String> resumed = new ArrayList<>();
    order.open(InstantSockets.opening(ALICE_CALLER, resumed, f -> {}), 99, true);
    assertEquals(List.of(0L, -10L), seqs(resumed));
  }

  /* The same with no other socket of alice here: the bad since must not become the state. */
  @Test
  void aResumePointAheadOfTheStreamOnAnInstanceWithoutOtherSocketsGoesLiveFromTheNewestSeq() {
    order.close(aliceSocket);
    List<String> resumed = new ArrayList<>();
    order.open(InstantSockets.opening(ALICE_CALLER, resumed, f -> {}), 99, true);
    order.deliver(COMPANY, ALICE, 11, store.commit(11), null);
    assertEquals(List.of(0L, -10L, 11L), seqs(resumed));
  }

  @Test
  void aResumeOnAnInstanceWithoutOtherSocketsReplaysFromItsSince() {
    order.close(aliceSocket);
    List<String> resumed = new ArrayList<>();
    order.open(InstantSockets.opening(ALICE_CALLER, resumed, f -> {}), 7, true);
    order.deliver(COMPANY, ALICE, 10, store.frame(10), null);
    order.deliver(COMPANY, ALICE, 11, store.commit(11), null);
    assertEquals(List.of(8L, 9L, 10L, -10L, 11L), seqs(resumed));
  }

  @Test
  void moreMissedEventsThanASocketQueueHoldsAskForAResync() {
    for (int seq = 11; seq <= 12 + DeliveryOrder.MAX_REPLAY; seq++) {
      store.commit(seq);
    }
    List<String> resumed = new ArrayList<>();
    order.open(InstantSockets.opening(ALICE_CALLER, resumed, f -> {}), 11, true);
    List<Long> got = seqs(resumed);
    assertEquals(List.of(0L, -(12L + DeliveryOrder.MAX_REPLAY)), got);
  }

  private List<Long> delivered() {
    return seqs(aliceFrames);
  }

  /** Each frame's seq; {@code resumed} as minus its seq, {@code resync_required} as 0. */
  private static List<Long> seqs(List<String> frames) {
    return frames.stream().map(DeliveryOrderTest::json).map(j -> switch (j.getString("type")) {
      case "resumed" -> -j.getJsonNumber("seq").longValue();
      case "resync_required" -> 0L;
      default -> j.getJsonNumber("seq").longValue();
    }).toList();
  }

  private static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  /** Alice's committed events, read like {@link EventLog#after}; counts the reads. */
  static final class StoredEvents extends EventLog {
    final List<Long> committed = new ArrayList<>();
    long kept = 1;
    int reads;

    String commit(long seq) {
      committed.add(seq);
      return frame(seq);
    }

    String frame(long seq) {
      return Json.createObjectBuilder().add("type", "messages_read").add("reader_id", 2).add("sender_id", ALICE)
          .add("seq", seq).build().toString();
    }

    void pruneUpTo(long seq) {
      committed.removeIf(s -> s <= seq);
      kept = seq + 1;
    }

    @Override
    public long lastSeq(long userId) {
      return committed.isEmpty() ? kept - 1 : committed.get(committed.size() - 1);
    }

    @Override
    public Page after(long userId, long after, Integer limit) {
      reads++;
      if (after > lastSeq(userId) || after + 1 < kept) {
        throw new ChatException(ErrorCode.GONE, "gone");
      }
      List<JsonObject> events = committed.stream().filter(s -> s > after).limit(limit)
          .map(s -> json(frame(s))).toList();
      long last = events.isEmpty() ? after : events.get(events.size() - 1).getJsonNumber("seq").longValue();
      return new Page(events, last, committed.stream().filter(s -> s > last).findAny().isPresent());
    }
  }
}
