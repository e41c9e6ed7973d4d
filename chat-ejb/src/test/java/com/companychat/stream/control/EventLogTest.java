package com.companychat.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.accounts.control.Caller;
import com.companychat.messaging.control.MessageService;
import com.companychat.platform.ChatFixture;
import com.companychat.platform.ErrorCode;
import com.companychat.platform.SendLimits;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-user stream (CONTRACT §6.1) as sending writes it, on H2 and on PostgreSQL. */
class EventLogTest {
  private static final int SENDS_PER_THREAD = 25;

  @Test
  void concurrentSendersGiveEveryUserGaplessUniqueSeqsOnH2() throws Exception {
    try (ChatFixture chat = ChatFixture.onH2()) {
      raceSenders(chat);
    }
  }

  @Test
  void concurrentSendersGiveEveryUserGaplessUniqueSeqsOnPostgresql() throws Exception {
    try (ChatFixture chat = ChatFixture.onPostgres()) {
      raceSenders(chat);
    }
  }

  /*
   * Four users, six threads in six conversations that share users (bob is in three), all started
   * together. Each user's stream must be 1..n without a gap, hold each message of theirs once,
   * and, since sends lock both users, list their messages in id order.
   */
  private static void raceSenders(ChatFixture chat) throws Exception {
    long company = chat.company();
    Caller alice = chat.employee(company, "alice");
    Caller bob = chat.employee(company, "bob");
    Caller carol = chat.employee(company, "carol");
    Caller dave = chat.employee(company, "dave");
    Caller[][] pairs = {{alice, bob}, {carol, bob}, {bob, dave}, {dave, alice}, {carol, dave}, {alice, carol}};
    MessageService messages = messages(chat);
    ExecutorService pool = Executors.newFixedThreadPool(pairs.length);
    Map<Long, List<Long>> sentOrReceived = new HashMap<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> threads = new ArrayList<>();
      for (Caller[] pair : pairs) {
        threads.add(pool.submit(() -> {
          start.await();
          List<Long> ids = new ArrayList<>();
          for (int i = 0; i < SENDS_PER_THREAD; i++) {
            ids.add(messages.send(pair[0], pair[1].userId(), "m" + i, null).message().messageId());
          }
          return ids;
        }));
      }
      start.countDown();
      for (int t = 0; t < pairs.length; t++) {
        for (long id : threads.get(t).get(60, TimeUnit.SECONDS)) {
          sentOrReceived.computeIfAbsent(pairs[t][0].userId(), k -> new ArrayList<>()).add(id);
          sentOrReceived.computeIfAbsent(pairs[t][1].userId(), k -> new ArrayList<>()).add(id);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    EventLog log = new EventLog(chat.db());
    for (Caller user : List.of(alice, bob, carol, dave)) {
      List<Long> expected = sentOrReceived.get(user.userId()).stream().sorted().toList();
      EventLog.Page page = log.after(user.userId(), 0, EventLog.MAX_PAGE);
      List<Long> seqs = page.events().stream().map(e -> e.getJsonNumber("seq").longValue()).toList();
      List<Long> ids = page.events().stream().map(e -> e.getJsonNumber("message_id").longValue()).toList();
      assertEquals(expected.size(), seqs.size(), user.username());
      for (int i = 0; i < seqs.size(); i++) {
        assertEquals(i + 1, seqs.get(i), user.username() + ": seqs are 1..n without a gap");
      }
      assertEquals(expected, ids, user.username() + ": each message once, in id order");
      assertEquals(expected.size(), page.lastSeq());
      assertEquals(expected.size(), log.lastSeq(user.userId()));
      assertFalse(page.more());
    }
  }

  @Test
  void aPageHoldsTheFramesWithTheirSeqAndSaysWhetherMoreFollow() {
    try (ChatFixture chat = ChatFixture.onH2()) {
      long company = chat.company();
      Caller alice = chat.employee(company, "alice");
      Caller bob = chat.employee(company, "bob");
      MessageService messages = messages(chat);
      for (int i = 0; i < 5; i++) {
        messages.send(i % 2 == 0 ? alice : bob, i % 2 == 0 ? bob.userId() : alice.userId(), "m" + i, "c" + i);
      }
      EventLog log = new EventLog(chat.db());

      EventLog.Page first = log.after(bob.userId(), 0, 2);
      assertEquals(List.of(1L, 2L), seqs(first));
      assertEquals(2, first.lastSeq());
      assertTrue(first.more());
      JsonObject frame = first.events().get(0);
      assertEquals("chat_message", frame.getString("type"));
      assertEquals("m0", frame.getString("message"));
      assertEquals(alice.userId(), frame.getJsonNumber("sender_id").longValue());
      assertEquals("c0", frame.getString("client_msg_id"));

      EventLog.Page rest = log.after(bob.userId(), 2, null);
      assertEquals(List.of(3L, 4L, 5L), seqs(rest));
      assertFalse(rest.more());
      EventLog.Page none = log.after(bob.userId(), 5, null);
      assertEquals(List.of(), seqs(none));
      assertEquals(5, none.lastSeq(), "nothing missed: the newest seq");
      assertFalse(none.more());

      ChatFixture.assertRefused(ErrorCode.GONE, () -> log.after(bob.userId(), 6, null));
      ChatFixture.assertRefused(ErrorCode.BAD_REQUEST, () -> log.after(bob.userId(), -1, null));
      ChatFixture.assertRefused(ErrorCode.BAD_REQUEST, () -> log.after(bob.userId(), 0, 1001));
      ChatFixture.assertRefused(ErrorCode.BAD_REQUEST, () -> log.after(bob.userId(), 0, 0));
    }
  }

  @Test
  void retentionForgetsWhatIsOlderThanTheCutoffAndAResumeFromThereIsGone() {
    try (ChatFixture chat = ChatFixture.onH2()) {
      long company = chat.company();
      Caller alice = chat.employee(company, "alice");
      Caller bob = chat.employee(company, "bob");
      MessageService messages = messages(chat);
      for (int i = 0; i < 3; i++) {
        messages.send(alice, bob.userId(), "m" + i, null);
      }
      Instant now = Instant.now();
      // the first two events are 31 days old (in both streams they are seqs 1 and 2)
      var old = now.minus(Duration.ofDays(31)).atOffset(ZoneOffset.UTC);
      chat.db().transactionVoid(em -> {
        em.createNativeQuery("UPDATE chat_event SET created_at = ?1"
            + " WHERE id IN (SELECT event_id FROM user_event WHERE seq <= 2)").setParameter(1, old).executeUpdate();
        em.createNativeQuery("UPDATE user_event SET created_at = ?1 WHERE seq <= 2").setParameter(1, old).executeUpdate();
      });
      EventLog log = new EventLog(chat.db());

      assertEquals(4, log.prune(now.minus(EventLog.RETENTION)), "two events of two users");
      assertEquals(1, chat.count("SELECT COUNT(*) FROM chat_event"), "the events nobody points to are gone");
      ChatFixture.assertRefused(ErrorCode.GONE, () -> log.after(bob.userId(), 0, null));
      ChatFixture.assertRefused(ErrorCode.GONE, () -> log.after(alice.userId(), 1, null));
      assertEquals(List.of(3L), seqs(log.after(bob.userId(), 2, null)), "what is kept still resumes");
      assertEquals(List.of(3L), seqs(log.after(alice.userId(), 2, null)), "alice's stream is hers");
      assertEquals(0, log.prune(now.minus(EventLog.RETENTION)), "nothing more to prune");
    }
  }

  private static MessageService messages(ChatFixture chat) {
    // a burst no test reaches: these tests are about the stream, not the rate limit
    return new MessageService(chat.db(), chat.events(), new SendLimits(1, 10_000));
  }

  private static List<Long> seqs(EventLog.Page page) {
    return page.events().stream().map(e -> e.getJsonNumber("seq").longValue()).toList();
  }
}
