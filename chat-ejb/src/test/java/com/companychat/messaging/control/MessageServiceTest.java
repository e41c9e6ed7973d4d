package com.companychat.messaging.control;

import static com.companychat.platform.ChatFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.accounts.control.Caller;
import com.companychat.events.ChatEvent;
import com.companychat.platform.ChatException;
import com.companychat.platform.ChatFixture;
import com.companychat.platform.ErrorCode;
import com.companychat.platform.SendLimits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sending and marking read, on H2: what is stored, what is published, what is refused. */
class MessageServiceTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456789Z");

  private static ChatFixture chat;

  private long company;
  private Caller alice;
  private Caller bob;
  private MessageService messages;

  @BeforeAll
  static void openDatabase() {
    chat = ChatFixture.onH2();
  }

  @AfterAll
  static void closeDatabase() {
    chat.close();
  }

  @BeforeEach
  void provision() {
    company = chat.company();
    alice = chat.employee(company, "alice");
    bob = chat.employee(company, "bob");
    messages = new MessageService(chat.db(), chat.events(),
        ChatFixture.limiterWithStoppedClock(SendLimits.CONTRACT.burst(), SendLimits.CONTRACT.perSecond()),
        ChatFixture.limiterWithStoppedClock(40, 20), Clock.fixed(NOW, ZoneOffset.UTC));
    chat.forgetEvents();
  }

  @Test
  void sendingStoresTheMessageAndPublishesOneMessageSent() {
    MessageService.Sent sent = messages.send(alice, bob.userId(), "Hello!", "c-1");

    assertTrue(sent.created());
    MessageView m = sent.message();
    assertTrue(m.messageId() > 0);
    assertEquals(alice.userId(), m.senderId());
    assertEquals(alice.username(), m.senderUsername());
    assertEquals(bob.userId(), m.receiverId());
    assertEquals("Hello!", m.message());
    assertFalse(m.isRead());
    assertEquals("c-1", m.clientMsgId());
    assertEquals(1, storedFrom(alice));
    assertEquals(List.of(new ChatEvent.MessageSent(company, m, 1, 1)), chat.published(),
        "the first event of both streams");
  }

  @Test
  void theEventNamesItsSeqInEachUsersStreamWhateverTheConversation() {
    Caller carol = chat.employee(company, "carol");
    long first = messages.send(alice, bob.userId(), "1", null).message().messageId();
    long second = messages.send(carol, alice.userId(), "2", null).message().messageId();
    long third = messages.send(bob, carol.userId(), "3", "c-3").message().messageId();
    messages.send(bob, carol.userId(), "3", "c-3");

    List<ChatEvent.MessageSent> events = chat.published(ChatEvent.MessageSent.class);
    assertEquals(3, events.size(), "the repeat announces nothing");
    assertEquals(List.of(1L, 1L), seqs(events.get(0)), "alice's and bob's first");
    assertEquals(List.of(1L, 2L), seqs(events.get(1)), "carol's first; alice's second");
    assertEquals(List.of(2L, 2L), seqs(events.get(2)), "bob's second; carol's second");
    assertEquals(third, events.get(2).message().messageId());
    assertEquals(2, events.get(2).seqOf(bob.userId()));
    assertEquals(2, events.get(2).seqOf(carol.userId()));
    assertEquals(List.of(first, second), List.of(events.get(0).message().messageId(),
        events.get(1).message().messageId()));
  }

  @Test
  void conversationsOfConsecutiveIdsSpreadOverTheStripes() {
    java.util.Set<Integer> stripes = new java.util.HashSet<>();
    for (long n = 1; n <= 2_000; n += 2) {
      int stripe = MessageService.stripeOf(n, n + 1, 256);
      assertEquals(stripe, MessageService.stripeOf(n + 1, n, 256), "both directions");
      stripes.add(stripe);
    }
    // 1,000 conversations thrown at random on 256 stripes occupy about 250 of them.
    assertTrue(stripes.size() > 230, "stripes used: " + stripes.size());
  }

  private static List<Long> seqs(ChatEvent.MessageSent event) {
    return List.of(event.senderSeq(), event.receiverSeq());
  }

  @Test
  void theTimeOfAMessageIsTheServersClockToTheMillisecond() {
    MessageView m = messages.send(alice, bob.userId(), "Hello!", null).message();
    assertEquals(Instant.parse("2025-03-01T10:15:30.123Z"), m.createdAt());
    assertEquals(m.createdAt(), page(bob, alice).get(0).createdAt(), "as stored");
  }

  @Test
  void aMessageWithoutClientMsgIdHasNoneAndIsNeverDeduplicated() {
    MessageService.Sent first = messages.send(alice, bob.userId(), "Hello!", null);
    MessageService.Sent second = messages.send(alice, bob.userId(), "Hello!", null);

    assertNull(first.message().clientMsgId());
    assertTrue(second.created());
    assertTrue(second.message().messageId() > first.message().messageId());
    assertEquals(2, storedFrom(alice));
    assertEquals(2, chat.published(ChatEvent.MessageSent.class).size());
  }

  @Test
  void sendingTwiceWithSameClientIdStoresOnce() {
    MessageService.Sent first = messages.send(alice, bob.userId(), "Hello!", "c-1");
    MessageService.Sent again = messages.send(alice, bob.userId(), "Hello!", "c-1");

    assertTrue(first.created());
    assertFalse(again.created());
    assertEquals(first.message(), again.message(), "the repeat answers the original");
    assertEquals(1, storedFrom(alice));
    assertEquals(1, chat.published(ChatEvent.MessageSent.class).size());
  }

  @Test
  void aRepeatedClientIdAnswersTheOriginalEvenWithOtherText() {
    MessageView original = messages.send(alice, bob.userId(), "Hello!", "c-1").message();
    MessageService.Sent again = messages.send(alice, bob.userId(), "Something else", "c-1");

    assertFalse(again.created());
    assertEquals(original, again.message());
    assertEquals("Hello!", page(bob, alice).get(0).message());
  }

  @Test
  void theSameClientIdFromAnotherSenderIsAnotherMessage() {
    MessageView fromAlice = messages.send(alice, bob.userId(), "Hi Bob", "c-1").message();
    MessageService.Sent fromBob = messages.send(bob, alice.userId(), "Hi Alice", "c-1");

    assertTrue(fromBob.created());
    assertTrue(fromBob.message().messageId() != fromAlice.messageId());
    assertEquals(2, page(alice, bob).size());
  }

  @Test
  void concurrentSendsWithTheSameClientIdStoreExactlyOneRow() throws Exception {
    raceRepeats(chat, messages, alice, bob);
  }

  @Test
  void concurrentSendsWithTheSameClientIdStoreExactlyOneRowOnPostgresql() throws Exception {
    try (ChatFixture pg = ChatFixture.onPostgres()) {
      long pgCompany = pg.company();
      MessageService pgMessages = new MessageService(pg.db(), pg.events(),
          ChatFixture.limiterWithStoppedClock(1000, 1), Clock.systemUTC());
      raceRepeats(pg, pgMessages, pg.employee(pgCompany, "alice"), pg.employee(pgCompany, "bob"));
    }
  }

  /** Two threads, started together, send the same client id: one row, one event, one answer. */
  private static void raceRepeats(ChatFixture db, MessageService service, Caller from, Caller to)
      throws Exception {
    db.forgetEvents();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        String clientId = "race-" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<MessageService.Sent>> racers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          racers.add(pool.submit(() -> {
            start.await();
            return service.send(from, to.userId(), "Hello!", clientId);
          }));
        }
        start.countDown();
        MessageService.Sent one = racers.get(0).get(30, TimeUnit.SECONDS);
        MessageService.Sent two = racers.get(1).get(30, TimeUnit.SECONDS);

        assertEquals(1, db.count(
            "SELECT COUNT(*) FROM chat_message WHERE sender_id = ? AND client_msg_id = ?",
            from.userId(), clientId), clientId);
        assertEquals(one.message(), two.message(), clientId);
        assertTrue(one.created() ^ two.created(), clientId + ": exactly one call stored it");
      }
      assertEquals(10, db.published(ChatEvent.MessageSent.class).size(), "one event per message");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReceiverInAnotherCompanyReadsAsNotFoundAndNothingIsStored() {
    Caller stranger = chat.employee(chat.company(), "stranger");

    ChatException foreign = assertRefused(ErrorCode.NOT_FOUND,
        () -> messages.send(alice, stranger.userId(), "Hello!", "c-1"));
    ChatException unknown = assertRefused(ErrorCode.NOT_FOUND,
        () -> messages.send(alice, 999_999, "Hello!", "c-2"));

    assertEquals(unknown.getMessage(), foreign.getMessage(), "indistinguishable from an unknown id");
    assertEquals(0, storedFrom(alice));
    assertEquals(List.of(), chat.published());
  }

  @Test
  void aDeactivatedReceiverReadsAsNotFound() {
    chat.deactivate(bob);
    chat.forgetEvents();

    assertRefused(ErrorCode.NOT_FOUND, () -> messages.send(alice, bob.userId(), "Hello!", null));
    assertEquals(0, storedFrom(alice));
    assertEquals(List.of(), chat.published());
  }

  @Test
  void sendingToYourselfIsABadRequest() {
    assertRefused(ErrorCode.BAD_REQUEST, () -> messages.send(alice, alice.userId(), "Hello!", null));
    assertEquals(0, storedFrom(alice));
  }

  @Test
  void invalidTextOrClientIdIsRefusedAndNothingIsStored() {
    assertRefused(ErrorCode.BAD_REQUEST, () -> messages.send(alice, bob.userId(), "  ", null));
    assertRefused(ErrorCode.BAD_REQUEST, () -> messages.send(alice, bob.userId(), "a\u0000", null));
    assertRefused(ErrorCode.BAD_REQUEST,
        () -> messages.send(alice, bob.userId(), "x".repeat(4001), null));
    assertRefused(ErrorCode.BAD_REQUEST,
        () -> messages.send(alice, bob.userId(), "Hello!", "c".repeat(65)));
    assertEquals(0, storedFrom(alice));
    assertEquals(List.of(), chat.published());
  }

  @Test
  void thePlatformAdminHasNoChat() {
    assertRefused(ErrorCode.FORBIDDEN,
        () -> messages.send(ChatFixture.SYSTEM, bob.userId(), "Hello!", null));
    assertEquals(0, chat.count("SELECT COUNT(*) FROM chat_message WHERE receiver_id = ?", bob.userId()));
  }

  @Test
  void theFortyFirstImmediateSendIsRateLimitedAndNotStored() {
    for (int i = 0; i < 40; i++) {
      messages.send(alice, bob.userId(), "burst " + i, null);
    }
    ChatException refused = assertRefused(ErrorCode.RATE_LIMITED,
        () -> messages.send(alice, bob.userId(), "one too many", "c-41"));

    assertTrue(refused.retryAfterSeconds().orElseThrow() >= 1);
    assertEquals(40, storedFrom(alice));
    assertEquals(40, chat.published(ChatEvent.MessageSent.class).size());
    assertEquals(0, chat.count("SELECT COUNT(*) FROM chat_message WHERE client_msg_id = 'c-41'"));
  }

  @Test
  void theRateLimitIsPerSender() {
    for (int i = 0; i < 40; i++) {
      messages.send(alice, bob.userId(), "burst " + i, null);
    }
    assertTrue(messages.send(bob, alice.userId(), "my turn", null).created());
  }

  @Test
  void textIsStoredVerbatim() {
    String text = "  <b>bold</b> & <script>alert(1)</script>\tcol2\n\u202Eevil.exe \u0007  ";
    messages.send(alice, bob.userId(), text, null);
    assertEquals(text, page(bob, alice).get(0).message());
  }

  @Test
  void fourThousandEmojiAreStoredWhole() {
    String text = "\uD83D\uDE00".repeat(4000);
    messages.send(alice, bob.userId(), text, null);
    assertEquals(text, page(bob, alice).get(0).message());
  }

  @Test
  void markReadReturnsTheCountThenZeroAndPublishesMessagesReadEachTime() {
    messages.send(alice, bob.userId(), "one", null);
    messages.send(alice, bob.userId(), "two", null);
    long three = messages.send(alice, bob.userId(), "three", null).message().messageId();
    chat.forgetEvents();

    assertEquals(3, messages.markRead(bob, alice.userId()));
    assertEquals(0, messages.markRead(bob, alice.userId()));

    // alice's stream: three messages, then the receipts; bob's the same (CONTRACT §6.1)
    assertEquals(List.of(new ChatEvent.MessagesRead(company, bob.userId(), alice.userId(), null, 4, 4, three),
        new ChatEvent.MessagesRead(company, bob.userId(), alice.userId(), null, 5, 5, three)), chat.published());
    assertTrue(page(bob, alice).stream().allMatch(MessageView::isRead));
  }

  @Test
  void markReadFromASocketNamesThatSocketInTheEvent() {
    long one = messages.send(alice, bob.userId(), "one", null).message().messageId();
    chat.forgetEvents();

    assertEquals(1, messages.markRead(bob, alice.userId(), "socket-7"));

    assertEquals(List.of(new ChatEvent.MessagesRead(company, bob.userId(), alice.userId(), "socket-7", 2, 2, one)),
        chat.published());
  }

  @Test
  void typingIsPublishedToTheReceiverAndNeverStored() {
    messages.typing(alice, bob.userId(), true);
    messages.typing(alice, bob.userId(), false);

    assertEquals(List.of(
            new ChatEvent.Typing(company, alice.userId(), alice.username(), bob.userId(), true),
            new ChatEvent.Typing(company, alice.userId(), alice.username(), bob.userId(), false)),
        chat.published());
    assertEquals(0, storedFrom(alice));
  }

  @Test
  void typingToAnotherCompanysUserIsNotFoundAndPublishesNothing() {
    Caller stranger = chat.employee(chat.company(), "stranger");
    chat.forgetEvents();

    assertRefused(ErrorCode.NOT_FOUND, () -> messages.typing(alice, stranger.userId(), true));
    assertEquals(List.of(), chat.published());
  }

  @Test
  void markReadTouchesOnlyWhatThatSenderSentMe() {
    Caller carol = chat.employee(company, "carol");
    messages.send(alice, bob.userId(), "alice to bob", null);
    messages.send(carol, bob.userId(), "carol to bob", null);
    messages.send(bob, alice.userId(), "bob to alice", null);

    assertEquals(1, messages.markRead(bob, alice.userId()));

    assertFalse(page(bob, carol).get(0).isRead(), "carol's message stays unread");
    MessageView bobToAlice = page(bob, alice).stream()
        .filter(m -> m.senderId() == bob.userId()).findFirst().orElseThrow();
    assertFalse(bobToAlice.isRead(), "what bob sent is alice's to read");
  }

  @Test
  void markReadOfAnotherCompanysUserIsNotFoundAndPublishesNothing() {
    Caller stranger = chat.employee(chat.company(), "stranger");
    chat.forgetEvents();

    assertRefused(ErrorCode.NOT_FOUND, () -> messages.markRead(bob, stranger.userId()));
    assertRefused(ErrorCode.NOT_FOUND, () -> messages.markRead(bob, 999_999));
    assertEquals(List.of(), chat.published());
  }

  private long storedFrom(Caller sender) {
    return chat.count("SELECT COUNT(*) FROM chat_message WHERE sender_id = ?", sender.userId());
  }

  private List<MessageView> page(Caller reader, Caller other) {
    return new ConversationQueries(chat.db()).page(reader, other.userId(), null, null);
  }

  @Test
  void aDeactivatedSenderWhoseSocketIsStillOpenCanNoLongerSendTypeOrRead() {
    chat.deactivate(alice);
    ChatFixture.assertRefused(ErrorCode.UNAUTHORIZED, () -> messages.send(alice, bob.userId(), "late", "c-late"));
    ChatFixture.assertRefused(ErrorCode.UNAUTHORIZED, () -> messages.typing(alice, bob.userId(), true));
    ChatFixture.assertRefused(ErrorCode.UNAUTHORIZED, () -> messages.markRead(alice, bob.userId()));
    assertEquals(0, storedFrom(alice));
    assertTrue(chat.published(ChatEvent.MessageSent.class).isEmpty());
  }

  @Test
  void typingAndReadEventsAreRateLimitedToo() {
    for (int i = 0; i < 40; i++) {
      messages.typing(alice, bob.userId(), i % 2 == 0);
    }
    ChatFixture.assertRefused(ErrorCode.RATE_LIMITED, () -> messages.typing(alice, bob.userId(), true));
  }
  /*
   * CONTRACT §6.2: a receipt sets delivered_at once, up to its id; an older or repeated receipt,
   * a later one with another clock, change nothing and tell nobody; the sender's stream holds one
   * messages_delivered per change, naming the newest message it delivered.
   */
  @Test
  void deliveredIsSetOnceNeverMovesBackAndTellsTheSenderOncePerChange() {
    long m1 = messages.send(alice, bob.userId(), "one", null).message().messageId();
    long m2 = messages.send(alice, bob.userId(), "two", null).message().messageId();
    long m3 = messages.send(alice, bob.userId(), "three", null).message().messageId();
    chat.forgetEvents();

    assertEquals(2, messages.markDelivered(bob, alice.userId(), m2));
    MessageService later = new MessageService(chat.db(), chat.events(),
        ChatFixture.limiterWithStoppedClock(40, 20), ChatFixture.limiterWithStoppedClock(40, 20),
        Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
    assertEquals(0, later.markDelivered(bob, alice.userId(), m1), "an older receipt");
    assertEquals(0, later.markDelivered(bob, alice.userId(), m2), "a repeat");
    assertEquals(List.of(new ChatEvent.MessagesDelivered(company, bob.userId(), alice.userId(), m2, 4)),
        chat.published(), "alice's stream only, after her three messages");

    List<MessageView> page = page(bob, alice);
    Instant at = NOW.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    assertEquals(java.util.Arrays.asList(at, at, null), page.stream().map(MessageView::deliveredAt).toList());
    assertFalse(page.get(0).isRead(), "delivered is not read");

    assertEquals(1, later.markDelivered(bob, alice.userId(), m3 + 1000), "up to an id beyond the newest");
    assertEquals(new ChatEvent.MessagesDelivered(company, bob.userId(), alice.userId(), m3, 5),
        chat.published().get(1), "names the newest message it delivered");
    assertEquals(at, page(bob, alice).get(1).deliveredAt(), "m2 keeps its time");
    assertEquals(NOW.plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
        page(bob, alice).get(2).deliveredAt());

    com.companychat.stream.control.EventLog log = new com.companychat.stream.control.EventLog(chat.db());
    assertEquals(List.of("messages_delivered", "messages_delivered"), log.after(alice.userId(), 3, null).events()
        .stream().map(e -> e.getString("type")).toList());
    assertEquals(m2, log.after(alice.userId(), 3, null).events().get(0).getJsonNumber("up_to").longValue());
    assertEquals(3, log.lastSeq(bob.userId()), "nothing in the receiver's stream");
  }

  @Test
  void deliveredChangesNothingButMessagesAddressedToTheCallerFromThatSender() {
    Caller carol = chat.employee(company, "carol");
    long toBob = messages.send(alice, bob.userId(), "to bob", null).message().messageId();
    long toCarol = messages.send(alice, carol.userId(), "to carol", null).message().messageId();
    long stranger = chat.employee(chat.company(), "eve").userId();
    chat.forgetEvents();

    assertEquals(0, messages.markDelivered(alice, bob.userId(), toBob), "the sender is not the receiver");
    assertEquals(0, messages.markDelivered(bob, carol.userId(), toCarol), "not from that sender to me");
    assertEquals(0, messages.markDelivered(carol, bob.userId(), toCarol), "from another sender");
    assertRefused(ErrorCode.NOT_FOUND, () -> messages.markDelivered(bob, stranger, toBob));
    assertRefused(ErrorCode.NOT_FOUND, () -> messages.markDelivered(bob, 999_999, toBob));
    assertRefused(ErrorCode.BAD_REQUEST, () -> messages.markDelivered(bob, alice.userId(), 0));
    assertEquals(List.of(), chat.published());
    assertEquals(0, chat.count("SELECT COUNT(*) FROM chat_message WHERE delivered_at IS NOT NULL AND id IN (?, ?)",
        toBob, toCarol));

    assertEquals(1, messages.markDelivered(carol, alice.userId(), toCarol));
  }

  @Test
  void deliveryReceiptsShareTheSignalLimit() {
    long m = messages.send(alice, bob.userId(), "one", null).message().messageId();
    for (int i = 0; i < 40; i++) {
      messages.markDelivered(bob, alice.userId(), m);
    }
    ChatFixture.assertRefused(ErrorCode.RATE_LIMITED, () -> messages.markDelivered(bob, alice.userId(), m));
  }
  /*
   * CONTRACT §6.2: with read receipts off, bob tells nobody he read alice's messages, and is told
   * of nobody reading his; his own stream keeps his receipts (his other devices), unread counts
   * are as ever. A receipt before any message names no up_to.
   */
  @Test
  void withReadReceiptsOffNoReceiptGoesToOthersOrComesFromThem() {
    com.companychat.accounts.control.UserSettings settings =
        new com.companychat.accounts.control.UserSettings(chat.db(), chat.events());
    assertRefused(ErrorCode.NOT_FOUND, () -> messages.markRead(bob, 999_999));
    assertEquals(0, messages.markRead(bob, alice.userId()), "nothing to read yet");
    assertEquals(null, chat.published(ChatEvent.MessagesRead.class).get(0).upTo());
    settings.update(bob, new com.companychat.accounts.control.UserSettings.Settings(false));
    long toBob = messages.send(alice, bob.userId(), "to bob", null).message().messageId();
    messages.send(bob, alice.userId(), "to alice", null);
    com.companychat.stream.control.EventLog log = new com.companychat.stream.control.EventLog(chat.db());
    long aliceBefore = log.lastSeq(alice.userId());
    long bobBefore = log.lastSeq(bob.userId());
    chat.forgetEvents();

    assertEquals(1, messages.markRead(bob, alice.userId()));
    assertEquals(1, messages.markRead(alice, bob.userId()));

    assertEquals(aliceBefore + 1, log.lastSeq(alice.userId()), "only her own receipt");
    assertEquals(bobBefore + 1, log.lastSeq(bob.userId()), "only his own receipt");
    assertEquals(alice.userId(), log.after(alice.userId(), aliceBefore, null).events().get(0)
        .getJsonNumber("reader_id").longValue());
    assertEquals(List.of(
        new ChatEvent.MessagesRead(company, bob.userId(), alice.userId(), null, bobBefore + 1,
            ChatEvent.MessagesRead.NOT_TOLD, toBob),
        new ChatEvent.MessagesRead(company, alice.userId(), bob.userId(), null, aliceBefore + 1,
            ChatEvent.MessagesRead.NOT_TOLD, toBob + 1)), chat.published());
    assertTrue(page(bob, alice).stream().allMatch(MessageView::isRead), "read all the same");
    assertEquals(0, new ConversationQueries(chat.db()).unread(bob).totalUnread());

    settings.update(bob, new com.companychat.accounts.control.UserSettings.Settings(true));
    messages.send(alice, bob.userId(), "again", null);
    chat.forgetEvents();
    messages.markRead(bob, alice.userId());
    assertTrue(chat.published(ChatEvent.MessagesRead.class).get(0).tellsSender(), "on again: told");
  }
}
