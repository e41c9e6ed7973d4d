package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CONTRACT §4: the chat REST API, its errors and company isolation, against the real WAR. */
class ChatIT extends DeployedWar {


  Person alice;
  Person bob;

  @BeforeEach
  void setUp() {
    long company = fixture.company();
    alice = fixture.employee(company);
    bob = fixture.employee(company);
  }

  @Test
  void sendAnswers201WithTheMessageAsStored() {
    String text = "Hello <b>Bob</b> & \"friends\"\t\u202Eevil\u202C \uD83D\uDE00";
    Api.Reply reply = api.post("api/chat/send/", alice.token(),
        Api.json("receiver_id", bob.id(), "message", text, "client_msg_id", "c-1"));
    assertEquals(201, reply.status(), reply::toString);
    JsonObject m = reply.object();
    assertTrue(m.getJsonNumber("message_id").longValue() > 0);
    assertEquals(alice.id(), m.getJsonNumber("sender_id").longValue());
    assertEquals(alice.username(), m.getString("sender_username"));
    assertEquals(bob.id(), m.getJsonNumber("receiver_id").longValue());
    assertEquals(text, m.getString("message"), "stored and returned verbatim");
    assertFalse(m.getBoolean("is_read"));
    assertEquals("c-1", m.getString("client_msg_id"));
    assertTrue(m.getString("created_at").endsWith("Z"));
    Instant created = Instant.parse(m.getString("created_at"));
    assertTrue(Math.abs(created.toEpochMilli() - System.currentTimeMillis()) < 60_000);

    Api.Reply plain = api.post("api/chat/send", alice.token(), Api.json("receiver_id", bob.id(), "message", "x"));
    assertEquals(201, plain.status(), "works without the trailing slash too");
    assertTrue(plain.object().isNull("client_msg_id"));
    assertEquals(text, api.get("api/chat/conversation/" + alice.id(), bob.token()).array()
        .getJsonObject(0).getString("message"));
  }

  @Test
  void aRepeatedClientMsgIdStoresNothingNewAndAnswers200WithTheOriginal() {
    JsonObject body = Api.json("receiver_id", bob.id(), "message", "once", "client_msg_id", "dup-1");
    Api.Reply first = api.post("api/chat/send/", alice.token(), body);
    Api.Reply second = api.post("api/chat/send/", alice.token(),
        Api.json("receiver_id", bob.id(), "message", "changed", "client_msg_id", "dup-1"));
    assertEquals(201, first.status());
    assertEquals(200, second.status(), second::toString);
    assertEquals(first.object(), second.object());
    assertEquals(1, Fixture.countMessages("sender_id = " + alice.id()));
    // Another sender may use the same client id: ids are per sender.
    assertEquals(201, api.post("api/chat/send/", bob.token(),
        Api.json("receiver_id", alice.id(), "message", "mine", "client_msg_id", "dup-1")).status());
  }

  @Test
  void concurrentRepeatsOfOneClientMsgIdStoreOneRow() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Api.Reply>> calls = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      calls.add(() -> {
        start.await();
        return api.post("api/chat/send/", alice.token(),
            Api.json("receiver_id", bob.id(), "message", "race", "client_msg_id", "race-1"));
      });
    }
    List<Future<Api.Reply>> futures = calls.stream().map(pool::submit).toList();
    start.countDown();
    Set<Long> ids = new java.util.HashSet<>();
    int created = 0;
    for (Future<Api.Reply> f : futures) {
      Api.Reply r = f.get();
      assertTrue(r.status() == 201 || r.status() == 200, r::toString);
      created += r.status() == 201 ? 1 : 0;
      ids.add(r.object().getJsonNumber("message_id").longValue());
    }
    pool.shutdown();
    assertEquals(1, created);
    assertEquals(1, ids.size());
    assertEquals(1, Fixture.countMessages("sender_id = " + alice.id() + " AND client_msg_id = 'race-1'"));
  }

  @Test
  void invalidSendsAre4xxAndStoreNothing() {
    Person stranger = fixture.employee(fixture.company());
    List<String> bodies = List.of(
        "{\"receiver_id\":" + bob.id() + ",\"message\":\"\"}",
        "{\"receiver_id\":" + bob.id() + ",\"message\":\"   \"}",
        "{\"receiver_id\":" + bob.id() + ",\"message\":\"" + "x".repeat(4001) + "\"}",
        "{\"receiver_id\":" + bob.id() + "}",
        "{\"message\":\"hi\"}",
        "{\"receiver_id\":\"" + bob.id() + "\",\"message\":\"hi\"}",
        "{\"receiver_id\":" + bob.id() + ",\"message\":42}",
        "{\"receiver_id\":" + bob.id() + ".5,\"message\":\"hi\"}",
        "{\"receiver_id\":" + bob.id() + ",\"message\":\"hi\",\"client_msg_id\":\"" + "c".repeat(65) + "\"}",
        "{\"receiver_id\":" + alice.id() + ",\"message\":\"to me\"}",
        "{\"receiver_id\":" + bob.id() + ",\"message\":\"a\\u0000b\"}",
        "{\"receiver_id\":" + bob.id() + ",\"message\":\"\\ud800\"}",
        "{\"receiver_id\":", "[]", "null", "", "{\"receiver_id\":1e400,\"message\":\"hi\"}");
    for (String body : bodies) {
      Api.Reply reply = api.post("api/chat/send/", alice.token(), body);
      assertEquals(400, reply.status(), body + " -> " + reply);
      assertEquals("bad_request", reply.error());
    }
    for (long receiver : new long[] {stranger.id(), 999_999_999L}) {
      Api.Reply reply = api.post("api/chat/send/", alice.token(), Api.json("receiver_id", receiver, "message", "hi"));
      assertEquals(404, reply.status(), reply::toString);
      assertEquals("not_found", reply.error());
    }
    Api.Reply huge = api.post("api/chat/send/", alice.token(),
        "{\"receiver_id\":" + bob.id() + ",\"message\":\"" + "x".repeat(70_000) + "\"}");
    assertEquals(413, huge.status(), huge::toString);
    assertEquals("too_large", huge.error());
    assertEquals(0, Fixture.countMessages("sender_id = " + alice.id()));

    assertEquals(201, api.post("api/chat/send/", alice.token(),
        Api.json("receiver_id", bob.id(), "message", "x".repeat(4000))).status(), "4000 characters is fine");
  }

  @Test
  void usersListsActiveColleaguesWithPresenceAndUnreadCounts() {
    Person carol = fixture.employee(alice.companyId());
    Person gone = fixture.employee(alice.companyId());
    Person stranger = fixture.employee(fixture.company());
    api.patch("api/admin/users/" + gone.id(), fixture.adminToken(), Api.json("active", false));
    fixture.send(bob, alice, "one");
    fixture.send(bob, alice, "two");

    for (String path : new String[] {"api/chat/users/", "api/chat/users"}) {
      Api.Reply reply = api.get(path, alice.token());
      assertEquals(200, reply.status(), reply::toString);
      List<JsonObject> users = reply.array().getValuesAs(JsonObject.class);
      assertEquals(Set.of(bob.id(), carol.id()), users.stream()
          .map(u -> u.getJsonNumber("id").longValue()).collect(Collectors.toSet()));
      JsonObject b = users.stream().filter(u -> u.getJsonNumber("id").longValue() == bob.id()).findFirst().orElseThrow();
      assertEquals(bob.username(), b.getString("username"));
      assertEquals("Name " + bob.username(), b.getString("display_name"));
      assertFalse(b.getBoolean("is_online"));
      assertTrue(b.containsKey("last_seen"));
      assertEquals(2, b.getInt("unread_count"));
    }
    Api.Reply filtered = api.get("api/chat/users/?q=" + carol.username().toUpperCase().substring(0, 12), alice.token());
    assertEquals(List.of(carol.id()), filtered.array().getValuesAs(JsonObject.class).stream()
        .map(u -> u.getJsonNumber("id").longValue()).toList());
    assertFalse(api.get("api/chat/users/?q=" + stranger.username(), alice.token()).raw().body()
        .contains(stranger.username()));
  }

  @Test
  void conversationPagesWalkBack120MessagesWithNoGapOrDuplicate() throws InterruptedException {
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Person from = i % 2 == 0 ? alice : bob;
      Person to = i % 2 == 0 ? bob : alice;
      sent.add(fixture.send(from, to, "m" + i).getJsonNumber("message_id").longValue());
    }
    List<Long> seen = new ArrayList<>();
    String before = "";
    while (true) {
      Api.Reply page = api.get("api/chat/conversation/" + bob.id() + "/?limit=50" + before, alice.token());
      assertEquals(200, page.status(), page::toString);
      List<Long> ids = page.array().getValuesAs(JsonObject.class).stream()
          .map(m -> m.getJsonNumber("message_id").longValue()).toList();
      if (ids.isEmpty()) {
        break;
      }
      assertTrue(ids.size() <= 50);
      assertEquals(ids.stream().sorted().toList(), ids, "each page is oldest first");
      seen.addAll(0, ids);
      before = "&before=" + ids.get(0);
    }
    assertEquals(sent, seen);
    assertEquals(50, api.get("api/chat/conversation/" + alice.id(), bob.token()).array().size(), "default limit 50");
    for (String bad : new String[] {"?limit=0", "?limit=201", "?limit=x", "?before=y"}) {
      Api.Reply reply = api.get("api/chat/conversation/" + bob.id() + "/" + bad, alice.token());
      assertEquals(400, reply.status(), bad + " -> " + reply);
    }
  }

  @Test
  void unreadAndMarkReadAgree() {
    Person carol = fixture.employee(alice.companyId());
    fixture.send(bob, alice, "1");
    fixture.send(bob, alice, "2");
    fixture.send(carol, alice, "3");
    JsonObject unread = api.get("api/chat/unread/", alice.token()).object();
    assertEquals(3, unread.getInt("total_unread"));
    JsonObject fromBob = unread.getJsonArray("unread_by_sender").getValuesAs(JsonObject.class).stream()
        .filter(u -> u.getJsonNumber("sender_id").longValue() == bob.id()).findFirst().orElseThrow();
    assertEquals(bob.username(), fromBob.getString("sender_username"));
    assertEquals(2, fromBob.getInt("count"));

    Api.Reply marked = api.post("api/chat/mark-read/", alice.token(), Api.json("sender_id", bob.id()));
    assertEquals(200, marked.status(), marked::toString);
    assertEquals("ok", marked.object().getString("status"));
    assertEquals(2, marked.object().getInt("marked"));
    assertEquals(0, api.post("api/chat/mark-read", alice.token(), Api.json("sender_id", bob.id())).object().getInt("marked"));
    assertEquals(1, api.get("api/chat/unread", alice.token()).object().getInt("total_unread"));
    assertTrue(api.get("api/chat/conversation/" + alice.id(), bob.token()).array()
        .getValuesAs(JsonObject.class).stream().allMatch(m -> m.getBoolean("is_read")));
    for (String body : new String[] {"{}", "{\"sender_id\":\"x\"}", "[", ""}) {
      assertEquals(400, api.post("api/chat/mark-read/", alice.token(), body).status(), body);
    }
  }

  @Test
  void catchUpReturnsMyMessagesAfterAnIdInOrderAcrossPages() throws InterruptedException {
    Person carol = fixture.employee(alice.companyId());
    long start = fixture.send(bob, alice, "before").getJsonNumber("message_id").longValue();
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      expected.add(fixture.send(i % 3 == 0 ? alice : bob, i % 3 == 0 ? bob : alice, "c" + i)
          .getJsonNumber("message_id").longValue());
      fixture.send(carol, bob, "not alice's business " + i);
    }
    List<Long> got = new ArrayList<>();
    long after = start;
    while (true) {
      Api.Reply page = api.get("api/chat/messages/?after=" + after + "&limit=7", alice.token());
      assertEquals(200, page.status(), page::toString);
      List<JsonObject> messages = page.array().getValuesAs(JsonObject.class);
      if (messages.isEmpty()) {
        break;
      }
      messages.forEach(m -> assertTrue(m.getJsonNumber("sender_id").longValue() == alice.id()
          || m.getJsonNumber("receiver_id").longValue() == alice.id(), m::toString));
      messages.forEach(m -> got.add(m.getJsonNumber("message_id").longValue()));
      after = got.get(got.size() - 1);
    }
    assertEquals(expected, got);
    assertEquals(31, api.get("api/chat/messages?after=0", alice.token()).array().size());
    assertEquals(400, api.get("api/chat/messages/?after=0&limit=1001", alice.token()).status());
  }

  @Test
  void anotherCompanysIdsReadExactlyLikeUnknownIds() {
    fixture.send(alice, bob, "private");
    Person mallory = fixture.employee(fixture.company());
    long unknown = 999_999_999L;
    assertSameAnswer(api.get("api/chat/conversation/" + alice.id() + "/", mallory.token()),
        api.get("api/chat/conversation/" + unknown + "/", mallory.token()));
    assertSameAnswer(api.post("api/chat/send/", mallory.token(), Api.json("receiver_id", alice.id(), "message", "hi")),
        api.post("api/chat/send/", mallory.token(), Api.json("receiver_id", unknown, "message", "hi")));
    assertSameAnswer(api.post("api/chat/mark-read/", mallory.token(), Api.json("sender_id", alice.id())),
        api.post("api/chat/mark-read/", mallory.token(), Api.json("sender_id", unknown)));
    assertEquals(0, api.get("api/chat/messages/?after=0", mallory.token()).array().size());
    assertEquals(0, api.get("api/chat/users/", mallory.token()).array().size());
    assertEquals(0, api.get("api/chat/unread/", mallory.token()).object().getInt("total_unread"));
  }

  @Test
  void aThirdColleagueCannotReadAConversationOfTwoOthers() {
    fixture.send(alice, bob, "between us");
    Person carol = fixture.employee(alice.companyId());
    assertEquals(0, api.get("api/chat/conversation/" + alice.id(), carol.token()).array().size());
    assertEquals(0, api.get("api/chat/messages/?after=0", carol.token()).array().size());
    assertEquals(0, api.get("api/chat/unread", carol.token()).object().getInt("total_unread"));
  }

  @Test
  void thePlatformAdminHasNoCompanyChat() {
    Api.Reply reply = api.get("api/chat/users/", fixture.adminToken());
    assertEquals(403, reply.status(), reply::toString);
    assertEquals("forbidden", reply.error());
  }

  @Test
  void sendingIsRateLimitedAndRefusedMessagesAreNotStored() {
    // The IT deployment refills one message per 1000 s (pom.xml): exactly the burst passes, however
    // long the sends take. The contract's 20/s with bursts of 40 is MessageServiceTest's, on a clock.
    int burst = Integer.getInteger("chat.it.rate.burst");
    int accepted = 0;
    int refused = 0;
    Api.Reply limited = null;
    for (int i = 0; i < burst + 10; i++) {
      Api.Reply reply = api.post("api/chat/send/", alice.token(), Api.json("receiver_id", bob.id(), "message", "b" + i));
      if (reply.status() == 429) {
        limited = reply;
        refused++;
      } else {
        assertEquals(201, reply.status(), reply::toString);
        accepted++;
      }
    }
    assertEquals(burst, accepted, "the burst passes, then nothing");
    assertEquals(10, refused);
    assertEquals("rate_limited", limited.error());
    assertTrue(Long.parseLong(limited.header("Retry-After").orElseThrow()) > 0);
    assertEquals(accepted, Fixture.countMessages("sender_id = " + alice.id()));
  }

  @Test
  void answersAreNeverCachedAndUnknownPathsAreJson404() {
    assertEquals("no-store", api.get("api/chat/users/", alice.token()).header("Cache-Control").orElse(""));
    Api.Reply unknown = api.get("api/chat/nothing-here", alice.token());
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.error());
    Api.Reply wrongMethod = api.send(api.request("api/chat/users/", alice.token()).DELETE());
    assertEquals(405, wrongMethod.status());
    assertFalse(wrongMethod.object().getString("error").isBlank());
    Api.Reply text = api.send(api.request("api/chat/send/", alice.token())
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")));
    assertEquals(415, text.status(), text::toString);
    assertEquals("bad_request", text.error());
  }

  private static void assertSameAnswer(Api.Reply foreign, Api.Reply unknown) {
    assertEquals(404, foreign.status(), foreign::toString);
    assertEquals(unknown.status(), foreign.status());
    assertEquals(unknown.object(), foreign.object());
  }
}
