package com.companychat.messaging.control;

import static com.companychat.platform.ChatFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.accounts.control.Caller;
import com.companychat.accounts.entity.Role;
import com.companychat.messaging.control.ConversationQueries.Colleague;
import com.companychat.messaging.control.ConversationQueries.SenderUnread;
import com.companychat.messaging.control.ConversationQueries.Unread;
import com.companychat.platform.ChatException;
import com.companychat.platform.ChatFixture;
import com.companychat.platform.ErrorCode;
import com.companychat.platform.RateLimiter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read side on H2: pages, catch-up, unread counts and the directory, each company-scoped. */
class ConversationQueriesTest {
  private static ChatFixture chat;

  private ConversationQueries queries;
  private MessageService messages;
  private long company;
  private Caller alice;
  private Caller bob;
  private Caller carol;

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
    queries = new ConversationQueries(chat.db());
    messages = new MessageService(chat.db(), chat.events(),
        new RateLimiter<>(1_000_000, 1_000_000), Clock.systemUTC());
    company = chat.company();
    alice = chat.member(company, "alice", "Alice Liddell", Role.EMPLOYEE);
    bob = chat.member(company, "bob", "Robert Paulson", Role.EMPLOYEE);
    carol = chat.member(company, "carol", "Carol Danvers", Role.COMPANY_ADMIN);
  }

  @Test
  void pagingBackWalksTheWholeConversationWithoutGapOrDuplicate() {
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Caller from = i % 2 == 0 ? alice : bob;
      Caller to = from == alice ? bob : alice;
      sent.add(send(from, to, "message " + i));
      if (i % 10 == 0) {
        send(alice, carol, "interleaved " + i); // another conversation, ids in between
      }
    }

    List<Long> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    Long before = null;
    while (true) {
      List<MessageView> page = queries.page(alice, bob.userId(), before, 50);
      if (page.isEmpty()) {
        break;
      }
      List<Long> ids = page.stream().map(MessageView::messageId).toList();
      assertEquals(ids.stream().sorted().toList(), ids, "each page is oldest first");
      if (!seen.isEmpty()) {
        assertTrue(ids.get(ids.size() - 1) < seen.get(0), "each page is older than the last");
      }
      sizes.add(page.size());
      seen.addAll(0, ids);
      before = ids.get(0);
    }

    assertEquals(List.of(50, 50, 20), sizes);
    assertEquals(sent, seen, "every message exactly once, in order");
  }

  @Test
  void aPageIsTheNewestMessagesBeforeTheGivenIdOldestFirst() {
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sent.add(send(alice, bob, "message " + i));
    }

    assertEquals(sent.subList(7, 10), ids(queries.page(alice, bob.userId(), null, 3)));
    assertEquals(sent.subList(2, 5), ids(queries.page(bob, alice.userId(), sent.get(5), 3)),
        "the same conversation from the other side");
    assertEquals(sent.subList(0, 1), ids(queries.page(alice, bob.userId(), sent.get(1), 3)));
  }

  @Test
  void aPageCarriesTheMessagesAsSent() {
    long id = send(bob, alice, "Hello Alice");
    MessageView m = queries.page(alice, bob.userId(), null, null).get(0);
    assertEquals(id, m.messageId());
    assertEquals(bob.userId(), m.senderId());
    assertEquals(bob.username(), m.senderUsername());
    assertEquals(alice.userId(), m.receiverId());
    assertEquals("Hello Alice", m.message());
    assertFalse(m.isRead());
    assertNull(m.clientMsgId());
  }

  @Test
  void theDefaultPageIsFiftyAndTwoHundredIsTheMost() {
    for (int i = 0; i < 210; i++) {
      send(alice, bob, "message " + i);
    }
    assertEquals(50, queries.page(alice, bob.userId(), null, null).size());
    assertEquals(200, queries.page(alice, bob.userId(), null, 200).size());
    assertEquals(1, queries.page(alice, bob.userId(), null, 1).size());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 201, Integer.MAX_VALUE})
  void aPageLimitOutsideOneToTwoHundredIsABadRequest(int limit) {
    assertRefused(ErrorCode.BAD_REQUEST, () -> queries.page(alice, bob.userId(), null, limit));
  }

  @Test
  void aConversationWithAnotherCompanysUserReadsAsNotFound() {
    Caller stranger = chat.employee(chat.company(), "stranger");
    ChatException foreign = assertRefused(ErrorCode.NOT_FOUND,
        () -> queries.page(alice, stranger.userId(), null, null));
    ChatException unknown = assertRefused(ErrorCode.NOT_FOUND,
        () -> queries.page(alice, 999_999, null, null));
    assertEquals(unknown.getMessage(), foreign.getMessage());
  }

  @Test
  void aConversationWithOneselfIsABadRequestNotACrash() {
    // FuzzIT found GET conversation/{my own id} answering 500.
    assertRefused(ErrorCode.BAD_REQUEST, () -> queries.page(alice, alice.userId(), null, null));
  }

  @Test
  void theHistoryWithADeactivatedColleagueStaysReadable() {
    long id = send(bob, alice, "Goodbye");
    chat.deactivate(bob);
    assertEquals(List.of(id), ids(queries.page(alice, bob.userId(), null, null)));
  }

  @Test
  void afterReturnsOnlyTheCallersMessagesInIdOrder() {
    Caller stranger = chat.employee(chat.company(), "stranger");
    Caller strangersFriend = chat.employee(stranger.companyId(), "friend");
    List<Long> mine = new ArrayList<>();
    mine.add(send(alice, bob, "a->b"));
    send(bob, carol, "b->c, not alice's");
    mine.add(send(carol, alice, "c->a"));
    send(stranger, strangersFriend, "another company");
    mine.add(send(bob, alice, "b->a"));
    send(carol, bob, "c->b, not alice's");

    List<MessageView> caughtUp = queries.after(alice, 0, null);

    assertEquals(mine, ids(caughtUp));
    assertTrue(caughtUp.stream().allMatch(
        m -> m.senderId() == alice.userId() || m.receiverId() == alice.userId()));
    assertEquals(List.of(alice.username(), carol.username(), bob.username()),
        caughtUp.stream().map(MessageView::senderUsername).toList());
    assertEquals(mine.subList(1, 3), ids(queries.after(alice, mine.get(0), null)));
    assertEquals(List.of(), queries.after(alice, mine.get(2), null));
  }

  @Test
  void afterRespectsTheLimitSoThatAClientCatchesUpInSteps() {
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      sent.add(i % 2 == 0 ? send(alice, bob, "m" + i) : send(carol, alice, "m" + i));
    }

    List<Long> caughtUp = new ArrayList<>();
    long last = 0;
    List<Integer> sizes = new ArrayList<>();
    while (true) {
      List<MessageView> step = queries.after(alice, last, 3);
      if (step.isEmpty()) {
        break;
      }
      sizes.add(step.size());
      caughtUp.addAll(ids(step));
      last = step.get(step.size() - 1).messageId();
    }

    assertEquals(List.of(3, 3, 1), sizes);
    assertEquals(sent, caughtUp);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5, 1001})
  void anAfterLimitOutsideOneToAThousandIsABadRequest(int limit) {
    assertRefused(ErrorCode.BAD_REQUEST, () -> queries.after(alice, 0, limit));
  }

  @Test
  void unreadCountsAreBySenderAndDropWhenMarkedRead() {
    send(bob, alice, "1");
    send(bob, alice, "2");
    send(bob, alice, "3");
    send(carol, alice, "4");
    send(carol, alice, "5");
    send(alice, bob, "what alice sent is not alice's unread");
    send(bob, carol, "nor what others get");

    assertEquals(new Unread(5, sortedById(
            new SenderUnread(bob.userId(), bob.username(), 3),
            new SenderUnread(carol.userId(), carol.username(), 2))),
        queries.unread(alice));

    messages.markRead(alice, bob.userId());

    assertEquals(new Unread(2, List.of(new SenderUnread(carol.userId(), carol.username(), 2))),
        queries.unread(alice));
  }

  @Test
  void nothingUnreadIsZero() {
    assertEquals(new Unread(0, List.of()), queries.unread(alice));
  }

  @Test
  void colleaguesAreTheActiveMembersOfMyCompanyButMe() {
    Caller gone = chat.employee(company, "gone");
    chat.deactivate(gone);
    chat.employee(chat.company(), "stranger");

    List<Colleague> colleagues = queries.colleagues(alice, null);

    assertEquals(Set.of(bob.userId(), carol.userId()), idsOf(colleagues));
    Colleague robert = colleagues.stream().filter(c -> c.id() == bob.userId()).findFirst().orElseThrow();
    assertEquals(bob.username(), robert.username());
    assertEquals("Robert Paulson", robert.displayName());
    assertFalse(robert.isOnline());
    assertNull(robert.lastSeen());
    assertEquals(0, robert.unreadCount());
  }

  @Test
  void colleaguesCarryWhatTheyHaveSentMeUnread() {
    send(bob, alice, "1");
    send(bob, alice, "2");
    send(alice, carol, "mine, not carol's unread for me");

    List<Colleague> colleagues = queries.colleagues(alice, "");
    assertEquals(2, unreadOf(colleagues, bob));
    assertEquals(0, unreadOf(colleagues, carol));
  }

  @Test
  void colleaguesAreFilteredByUsernameOrDisplayNameIgnoringCase() {
    assertEquals(Set.of(bob.userId()), idsOf(queries.colleagues(alice, "PAUL")), "display name");
    assertEquals(Set.of(bob.userId()), idsOf(queries.colleagues(alice, "BoB")), "username");
    assertEquals(Set.of(bob.userId()), idsOf(queries.colleagues(alice, "  rob ")), "stripped");
    assertEquals(Set.of(carol.userId()), idsOf(queries.colleagues(alice, "danvers")));
    assertEquals(Set.of(bob.userId(), carol.userId()), idsOf(queries.colleagues(alice, "R")));
    assertEquals(Set.of(), idsOf(queries.colleagues(alice, "alice")), "never me");
    assertEquals(Set.of(), idsOf(queries.colleagues(alice, "nobody")));
    assertEquals(Set.of(bob.userId(), carol.userId()), idsOf(queries.colleagues(alice, "   ")));
  }

  @Test
  void theFilterNeverReachesIntoAnotherCompany() {
    chat.member(chat.company(), "bob", "Robert Other", Role.EMPLOYEE);
    assertEquals(Set.of(bob.userId()), idsOf(queries.colleagues(alice, "robert")));
  }

  @Test
  void thePlatformAdminHasNoColleagues() {
    assertRefused(ErrorCode.FORBIDDEN, () -> queries.colleagues(ChatFixture.SYSTEM, null));
    assertRefused(ErrorCode.FORBIDDEN, () -> queries.unread(ChatFixture.SYSTEM));
    assertRefused(ErrorCode.FORBIDDEN, () -> queries.after(ChatFixture.SYSTEM, 0, null));
  }

  private long send(Caller from, Caller to, String text) {
    return messages.send(from, to.userId(), text, null).message().messageId();
  }

  private static List<Long> ids(List<MessageView> page) {
    return page.stream().map(MessageView::messageId).toList();
  }

  private static Set<Long> idsOf(List<Colleague> colleagues) {
    Set<Long> ids = new HashSet<>();
    colleagues.forEach(c -> ids.add(c.id()));
    assertEquals(colleagues.size(), ids.size(), "nobody twice");
    return ids;
  }

  private static long unreadOf(List<Colleague> colleagues, Caller who) {
    return colleagues.stream().filter(c -> c.id() == who.userId()).findFirst().orElseThrow().unreadCount();
  }

  private static List<SenderUnread> sortedById(SenderUnread... entries) {
    List<SenderUnread> list = new ArrayList<>(List.of(entries));
    list.sort((x, y) -> Long.compare(x.senderId(), y.senderId()));
    return list;
  }

  @Test
  void liveDeliveryStartsAfterTheNewestMessageToOrFromTheUser() {
    Caller dave = chat.employee(company, "dave");
    long first = send(alice, bob, "1");
    long second = send(carol, alice, "2");
    long third = send(bob, carol, "3");

    assertEquals(second, queries.lastMessageId(company, alice.userId()));
    assertEquals(third, queries.lastMessageId(company, bob.userId()));
    assertEquals(third, queries.lastMessageId(company, carol.userId()));
    assertEquals(0, queries.lastMessageId(company, dave.userId()), "none yet");
    assertTrue(first < second);
  }

  /*
   * Every socket's handshake asks for it. Written as "sender OR receiver", PostgreSQL read every
   * message the user ever had, or every newer message of anyone: seconds for a user with 100,000
   * old messages, found by the history benchmark. Counted in rows read, not in time.
   */
  @Test
  void theNewestMessageOfAUserWithALongHistoryIsFoundWithoutReadingThatHistoryOnPostgresql() {
    try (ChatFixture pg = ChatFixture.onPostgres()) {
      long pgCompany = pg.company();
      Caller heavy = pg.employee(pgCompany, "heavy");
      Caller other = pg.employee(pgCompany, "other");
      Caller third = pg.employee(pgCompany, "third");
      seed(pg, pgCompany, heavy, other, 20_000); // the heavy user's long history...
      long newest = pg.count("SELECT MAX(id) FROM chat_message");
      seed(pg, pgCompany, other, third, 20_000); // ...and everybody else's newer messages
      pg.db().transactionVoid(em -> em.createNativeQuery("ANALYZE chat_message").executeUpdate());

      assertEquals(newest, new ConversationQueries(pg.db()).lastMessageId(pgCompany, heavy.userId()));
      String sql = pg.db().read(em -> em.createNamedQuery(com.companychat.messaging.entity.ChatMessage.LAST_ID)
          .unwrap(org.eclipse.persistence.jpa.JpaQuery.class).getDatabaseQuery().getSQLString())
          .replaceFirst("\\?", Long.toString(heavy.userId())).replaceFirst("\\?", Long.toString(pgCompany))
          .replaceFirst("\\?", Long.toString(heavy.userId())).replaceFirst("\\?", Long.toString(pgCompany));
      List<String> plan = pg.db().read(em -> em.createNativeQuery("EXPLAIN (ANALYZE, TIMING OFF) " + sql)
          .getResultList().stream().map(Object::toString).toList());
      long mostRowsOfAStep = plan.stream()
          .flatMap(line -> java.util.regex.Pattern.compile("(?:actual rows=|Rows Removed by \\w+: )(\\d+)")
              .matcher(line).results())
          .mapToLong(m -> Long.parseLong(m.group(1))).max().orElseThrow();
      assertTrue(mostRowsOfAStep <= 1, "rows read or passed over by a step: " + mostRowsOfAStep + "\n" + plan);
    }
  }

  /** {@code count} messages between two users, alternating directions, in one statement. */
  private static void seed(ChatFixture pg, long company, Caller a, Caller b, int count) {
    pg.db().transactionVoid(em -> em.createNativeQuery("INSERT INTO chat_message"
            + " (id, company_id, sender_id, receiver_id, user_low, user_high, text, created_at)"
            + " SELECT nextval('chat_message_seq'), ?1, CASE WHEN i % 2 = 0 THEN ?2 ELSE ?3 END,"
            + " CASE WHEN i % 2 = 0 THEN ?3 ELSE ?2 END, LEAST(?2, ?3), GREATEST(?2, ?3), 'm', now()"
            + " FROM generate_series(1, ?4) AS i")
        .setParameter(1, company).setParameter(2, a.userId()).setParameter(3, b.userId()).setParameter(4, count)
        .executeUpdate());
  }
}
