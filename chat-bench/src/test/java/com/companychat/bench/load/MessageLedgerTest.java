package com.companychat.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.companychat.bench.provision.BenchUser;
import com.companychat.bench.socket.BenchSocket;
import com.companychat.bench.socket.SocketsForTests;
import com.companychat.protocol.ServerFrame;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageLedgerTest {
  private static final BenchUser ALICE = new BenchUser(1, "alice", 9, "t");
  private static final BenchUser BOB = new BenchUser(2, "bob", 9, "t");

  @Test
  void countsAcksReceiptsLossAndDuplicatesByClientMsgId() {
    MessageLedger ledger = new MessageLedger("run-", 0, 1_000_000, 3);
    BenchSocket alice = SocketsForTests.of(ALICE);
    BenchSocket bob = SocketsForTests.of(BOB);
    for (int seq = 0; seq < 3; seq++) {
      ledger.onFrame(alice, message("run-" + seq), 5_000_000);
    }
    ledger.onFrame(bob, message("run-0"), 6_000_000);
    ledger.onFrame(bob, message("run-0"), 7_000_000);
    ledger.onFrame(bob, message("run-1"), 7_000_000);
    ledger.onFrame(bob, message("other-1"), 7_000_000);

    MessageLedger.Tally tally = ledger.tally(3);
    assertEquals(3, tally.acked());
    assertEquals(2, tally.received());
    assertEquals(1, tally.lost());
    assertEquals(1, tally.duplicated());
    assertEquals(1, tally.stray());
    assertFalse(tally.complete());
  }

  @Test
  void measuresFromTheIntendedSendTime() {
    MessageLedger ledger = new MessageLedger("run-", 0, 1_000_000, 3);
    ledger.onFrame(SocketsForTests.of(BOB), message("run-2"), 12_000_000);
    // due at 2 ms, received at 12 ms: 10 ms, however late the generator actually sent it
    assertEquals(10.0, ledger.endToEnd().percentileMs(50), 0.01);
    assertEquals(0, ledger.ackLatency().count());
  }

  private static ServerFrame.ChatMessage message(String clientMsgId) {
    return new ServerFrame.ChatMessage(7, ALICE.id(), ALICE.username(), BOB.id(), "hi", Instant.EPOCH, false,
        clientMsgId);
  }
}
