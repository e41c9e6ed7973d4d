package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro processes on one PostgreSQL and one Redis: users on different instances talk
 * as if on one; shared budgets; Redis outages heal; what ends a session on one instance closes its
 * sockets on the other within 5 s, and a socket lives as long as its token (CONTRACT §6.7). The
 * instances are started here, not by Arquillian, because one is killed (last).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  static final long QUIET_MS = 700;
  /** Messages each side of the kill -9 test sends. */
  static final int SERIES = 40;

  /** The send budget here: the contract's 20 a second, a burst that fits the 250-message test. */
  static final int BURST = 300;
  static final double PER_SECOND = 20;
  /** The login budget per account (LoginThrottle): 10 failures, one more every 30 s. */
  static final int LOGIN_FAILURES = 10;
  static final int LOGIN_REFILL_SECONDS = 30;
  /** Redis stopped while send-only users send to receive-only ones (issue 11, item 13). */
  static final long DELIVERY_OUTAGE_MS = 5_000;
  /**
   * Redis stopped while users come and go (issue 11, item 7, which asked for 60 s). Nothing in the
   * healing counts time: it runs when the bus is back. 15 s outlasts what could depend on length:
   * Redisson's reconnection back-off at its maximum (8 s), three presence heartbeats and sweeps
   * (5 s each), and the 5 s the budgets decide locally.
   */
  static final long PRESENCE_OUTAGE_MS = 15_000;
  static final long PRESENCE_BOUND_MS = 30_000;
  /**
   * Instance b issues access tokens of this many seconds (CONTRACT §6.7: a socket lives as long as
   * its token); every other test logs in through a, whose tokens last the default 15 minutes.
   */
  static final int TOKEN_SECONDS = 8;
  static final String BUS_BACK = "Redis is back: subscribing again; open sockets catch up now";

  RedisControl redis;
  MicroInstance a;
  MicroInstance b;
  Api apiA;
  Api apiB;
  Fixture fixture;

  @BeforeAll
  void startTwoInstances() throws Exception {
    Fixture.war();
    redis = RedisControl.own("cluster");
    String[] config = MicroInstance.testConfig("chat.redis.url=" + redis.url(),
        "chat.rate.messages-per-second=" + PER_SECOND, "chat.rate.burst=" + BURST);
    a = new MicroInstance("a").start(config);
    b = new MicroInstance("b").start(concat(config, "chat.jwt.access-token-seconds=" + TOKEN_SECONDS));
    a.awaitReady();
    b.awaitReady();
    apiA = a.api();
    apiB = b.api();
    fixture = new Fixture(apiA);
  }

  private static String[] concat(String[] settings, String more) {
    String[] all = Arrays.copyOf(settings, settings.length + 1);
    all[settings.length] = more;
    return all;
  }

  @AfterAll
  void stop() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  @Order(1)
  void aConversationSplitAcrossInstancesWorksAsOnOne() throws Exception {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    try (SocketClient onA = SocketClient.connect(apiA, alice.token())) {
      onA.settle();
      SocketClient onB = SocketClient.connect(apiB, bob.token());
      assertTrue(onA.await("user_status", f -> f.getJsonNumber("user_id").longValue() == bob.id()).getBoolean("is_online"));

      onA.send(Api.json("type", "chat_message", "receiver_id", bob.id(), "message", "across", "client_msg_id", "x1"));
      JsonObject echo = onA.await("chat_message");
      assertEquals(echo, onB.await("chat_message"));
      onB.expectNone("chat_message", QUIET_MS);

      onA.send(Api.json("type", "typing", "receiver_id", bob.id(), "is_typing", true));
      assertEquals(alice.id(), onB.await("typing_indicator").getJsonNumber("sender_id").longValue());

      onB.send(Api.json("type", "mark_read", "sender_id", alice.id()));
      assertEquals(bob.id(), onA.await("messages_read").getJsonNumber("reader_id").longValue());

      JsonObject overRest = apiB.post("api/chat/send/", bob.token(),
          Api.json("receiver_id", alice.id(), "message", "REST on B")).object();
      assertEquals(overRest.getJsonNumber("message_id"), onA.await("chat_message").getJsonNumber("message_id"));

      onB.close();
      assertFalse(onA.await("user_status", f -> f.getJsonNumber("user_id").longValue() == bob.id()).getBoolean("is_online"));
    }
  }

  @Test
  @Order(2)
  void fiveHundredRapidMessagesFromBothInstancesArriveInIdOrderEverywhere() throws Exception {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    try (SocketClient aliceOnA = SocketClient.connect(apiA, alice.token());
         SocketClient bobOnB = SocketClient.connect(apiB, bob.token());
         SocketClient aliceOnB = SocketClient.connect(apiB, alice.token())) {
      aliceOnA.settle();
      bobOnB.settle();
      aliceOnB.settle();
      Thread senderB = new Thread(() -> {
        try {
          for (int i = 0; i < 250; i++) {
            bobOnB.send(Api.json("type", "chat_message", "receiver_id", alice.id(), "message", "b" + i));
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      senderB.start();
      for (int i = 0; i < 250; i++) {
        aliceOnA.send(Api.json("type", "chat_message", "receiver_id", bob.id(), "message", "a" + i));
      }
      senderB.join();
      for (SocketClient socket : List.of(aliceOnA, bobOnB, aliceOnB)) {
        List<Long> ids = new ArrayList<>();
        while (ids.size() < 500) {
          ids.add(socket.await("chat_message").getJsonNumber("message_id").longValue());
        }
        assertEquals(new ArrayList<>(new TreeSet<>(ids)), ids, "strictly increasing, no duplicate");
        socket.expectNone("chat_message", 300);
      }
    }
  }

  @Test
  @Order(5)
  void whileRedisIsDownLocalDeliveryGoesOnAndAfterwardsOpenSocketsCatchUpAndCrossDeliveryResumes() throws Exception {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    try (SocketClient aliceOnA = SocketClient.connect(apiA, alice.token());
         SocketClient bobOnB = SocketClient.connect(apiB, bob.token())) {
      aliceOnA.settle();
      bobOnB.settle();
      Set<Long> acknowledged = new TreeSet<>();
      assertEquals("redis: connected", eventsHealth(apiA));
      redis.stop();
      try {
        assertEquals("redis: unavailable, local delivery only", eventsHealth(apiA),
            "reported, and the instance stays ready");
        for (int i = 0; i < 5; i++) {
          aliceOnA.send(Api.json("type", "chat_message", "receiver_id", bob.id(), "message", "during outage " + i));
          acknowledged.add(aliceOnA.await("chat_message").getJsonNumber("message_id").longValue());
        }
        Api.Reply rest = apiB.post("api/chat/send/", bob.token(), Api.json("receiver_id", alice.id(), "message", "REST on B"));
        assertEquals(201, rest.status(), rest::toString);
        acknowledged.add(rest.object().getJsonNumber("message_id").longValue());
      } finally {
        redis.start();
      }
      // Without any new message, the open sockets get what they missed, each once and in order.
      Set<Long> caughtUpByBob = new TreeSet<>();
      long lastSeen = 0;
      for (int i = 0; i < 5; i++) {
        JsonObject missed = bobOnB.awaitWithin("chat_message", f -> f.getString("message").startsWith("during outage"),
            30_000);
        assertTrue(missed.getJsonNumber("message_id").longValue() > lastSeen, "in order");
        lastSeen = missed.getJsonNumber("message_id").longValue();
        caughtUpByBob.add(lastSeen);
      }
      assertEquals(5, caughtUpByBob.size());
      assertEquals("REST on B", aliceOnA.awaitWithin("chat_message", f -> f.getString("message").equals("REST on B"),
          30_000).getString("message"), "alice, on A, gets bob's REST message sent on B during the outage");
      bobOnB.expectNone("chat_message", f -> f.getString("message").startsWith("during outage"), QUIET_MS);
      // Cross-instance delivery comes back by itself: keep sending until one crosses.
      long deadline = System.currentTimeMillis() + 60_000;
      boolean crossed = false;
      while (!crossed && System.currentTimeMillis() < deadline) {
        aliceOnA.send(Api.json("type", "chat_message", "receiver_id", bob.id(), "message", "after outage"));
        acknowledged.add(aliceOnA.await("chat_message", f -> f.getString("message").equals("after outage"))
            .getJsonNumber("message_id").longValue());
        crossed = bobOnB.awaitOptional("chat_message", f -> f.getString("message").equals("after outage"), 2_000);
      }
      assertTrue(crossed, "cross-instance delivery resumed after Redis came back");
      Set<Long> stored = new TreeSet<>();
      apiB.get("api/chat/messages/?after=0", bob.token()).array().getValuesAs(JsonObject.class)
          .forEach(m -> stored.add(m.getJsonNumber("message_id").longValue()));
      assertEquals(acknowledged, stored, "every acknowledged message is there for catch-up, once");
    }
  }

  /** What /health/ready says of the event bus; the instance is ready either way. */
  private static String eventsHealth(Api api) {
    Api.Reply ready = api.get("health/ready", null);
    assertEquals(200, ready.status(), ready::toString);
    return ready.object().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("name").equals("events")).findFirst().orElseThrow()
        .getJsonObject("data").getString("bus");
  }

  @Test
  @Order(3)
  void wrongPasswordsAlternatingBetweenInstancesAreBlockedAtOneInstancesBound() {
    Person alice = fixture.employee(fixture.company());
    long start = System.nanoTime();
    Answers answers = alternately(2 * LOGIN_FAILURES, 2 * LOGIN_FAILURES, 401, (api, i) -> api.post("api/auth/login",
        null, Api.json("username", alice.username(), "password", "guess-" + i)));
    int verified = answers.ok();
    int limited = answers.limited();
    long refills = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) / LOGIN_REFILL_SECONDS;
    // Per instance, each would have let 10 through: 20 verified, none limited.
    assertTrue(verified <= LOGIN_FAILURES + refills,
        verified + " wrong passwords verified across both instances; the cluster allows " + LOGIN_FAILURES);
    assertTrue(limited > 0, "the guesses beyond the budget were refused");
    assertEquals(429, apiB.post("api/auth/login", null, Api.json("username", alice.username(), "password",
        Fixture.PASSWORD)).status(), "the account stays held back on both instances, the right password too");
  }

  @Test
  @Order(4)
  void sendsAlternatingBetweenInstancesShareOneBudget() {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    long start = System.nanoTime();
    Answers answers = alternately(10 * BURST, 20, 201, (api, i) -> api.post("api/chat/send/", alice.token(),
        Api.json("receiver_id", bob.id(), "message", "burst " + i)));
    int accepted = answers.ok();
    int limited = answers.limited();
    double seconds = (System.nanoTime() - start) / 1e9;
    long allowed = BURST + (long) Math.ceil(PER_SECOND * seconds);
    // Per instance, each would have let BURST through before the first refusal: twice the bound.
    assertTrue(limited > 0, "sending faster than " + PER_SECOND + "/s hits the limit");
    assertTrue(accepted <= allowed, accepted + " sends accepted in " + seconds + " s across both instances; one"
        + " budget allows " + allowed);
    assertEquals(accepted, Fixture.countMessages("sender_id = " + alice.id()), "refused sends are not stored");
  }

  record Answers(int ok, int limited) {}

  /**
   * Makes request number i on A when i is even, on B when odd, up to {@code max} requests or
   * {@code enoughRefusals} 429 {@code rate_limited}; every other answer must be {@code okStatus}.
   */
  private Answers alternately(int max, int enoughRefusals, int okStatus, BiFunction<Api, Integer, Api.Reply> request) {
    int ok = 0;
    int limited = 0;
    for (int i = 0; i < max && limited < enoughRefusals; i++) {
      Api.Reply reply = request.apply(i % 2 == 0 ? apiA : apiB, i);
      if (reply.status() == 429) {
        assertEquals("rate_limited", reply.error());
        limited++;
      } else {
        assertEquals(okStatus, reply.status(), reply::toString);
        ok++;
      }
    }
    return new Answers(ok, limited);
  }

  @Test
  @Order(6)
  void receiversThatNeverSendGetWhatTheyMissedWhenTheBusReturns() throws Exception {
    long company = fixture.company();
    // Send-only users on each instance, each writing to a receive-only user on the other one.
    Map<Person, Api> sendersAt = new LinkedHashMap<>();
    Map<Person, Person> to = new HashMap<>();
    Map<Person, Api> receiversAt = new LinkedHashMap<>();
    for (Api[] sides : new Api[][] {{apiA, apiB}, {apiA, apiB}, {apiB, apiA}}) {
      Person sender = fixture.employee(company);
      Person receiver = fixture.employee(company);
      sendersAt.put(sender, sides[0]);
      receiversAt.put(receiver, sides[1]);
      to.put(sender, receiver);
    }
    Map<Person, SocketClient> senders = new LinkedHashMap<>();
    Map<Person, SocketClient> receivers = new LinkedHashMap<>();
    try {
      for (Map.Entry<Person, Api> s : sendersAt.entrySet()) {
        senders.put(s.getKey(), SocketClient.connect(s.getValue(), s.getKey().token()));
      }
      for (Map.Entry<Person, Api> r : receiversAt.entrySet()) {
        receivers.put(r.getKey(), SocketClient.connect(r.getValue(), r.getKey().token()));
      }
      for (SocketClient socket : senders.values()) {
        socket.settle();
      }
      for (SocketClient socket : receivers.values()) {
        socket.settle();
      }
      Map<Person, List<Long>> expected = new HashMap<>();
      receivers.keySet().forEach(r -> expected.put(r, new ArrayList<>()));
      long logA = Files.size(a.log());
      long logB = Files.size(b.log());
      redis.stop();
      try {
        long until = System.currentTimeMillis() + DELIVERY_OUTAGE_MS;
        for (int n = 0; System.currentTimeMillis() < until; n++) {
          for (Map.Entry<Person, SocketClient> sender : senders.entrySet()) {
            String id = "o-" + n + "-" + sender.getKey().id();
            sender.getValue().send(Api.json("type", "chat_message", "receiver_id", to.get(sender.getKey()).id(),
                "message", "during the outage " + n, "client_msg_id", id));
            JsonObject echo = sender.getValue().await("chat_message", f -> id.equals(f.getString("client_msg_id", null)));
            expected.get(to.get(sender.getKey())).add(echo.getJsonNumber("message_id").longValue());
          }
          Thread.sleep(150);
        }
      } finally {
        redis.start();
      }
      // Nobody sends any more: what the receivers missed comes because the bus is back.
      for (Map.Entry<Person, SocketClient> receiver : receivers.entrySet()) {
        List<Long> got = new ArrayList<>();
        List<Long> want = expected.get(receiver.getKey());
        while (got.size() < want.size()) {
          got.add(receiver.getValue().awaitWithin("chat_message", f -> true, 30_000)
              .getJsonNumber("message_id").longValue());
        }
        assertEquals(want, got, "every missed message, once, in id order");
      }
      for (SocketClient receiver : receivers.values()) {
        receiver.expectNone("chat_message", QUIET_MS);
      }
      assertTrue(busReturns(a, logA) > 0, "instance a caught up because its bus came back");
      assertTrue(busReturns(b, logB) > 0, "instance b caught up because its bus came back");
    } finally {
      for (SocketClient socket : senders.values()) {
        socket.close();
      }
      for (SocketClient socket : receivers.values()) {
        socket.close();
      }
    }
  }

  /** How often the instance logged, since {@code offset}, that its bus reconnected and caught up. */
  private static long busReturns(MicroInstance instance, long offset) throws Exception {
    return Files.readString(instance.log()).substring((int) offset).lines().filter(l -> l.contains(BUS_BACK)).count();
  }

  @Test
  @Order(7)
  void presenceChangesWhileRedisIsAwayReachEverySocketOnceItIsBack() throws Exception {
    long company = fixture.company();
    Person watcherOnA = fixture.employee(company);
    Person watcherOnB = fixture.employee(company);
    Person leavesA = fixture.employee(company);
    Person joinsA = fixture.employee(company);
    Person leavesB = fixture.employee(company);
    Person joinsB = fixture.employee(company);
    List<Person> changing = List.of(leavesA, joinsA, leavesB, joinsB);
    SocketClient leaverOnA = SocketClient.connect(apiA, leavesA.token());
    SocketClient leaverOnB = SocketClient.connect(apiB, leavesB.token());
    leaverOnA.settle();
    leaverOnB.settle();
    SocketClient joinerOnA = null;
    SocketClient joinerOnB = null;
    try (SocketClient onA = SocketClient.connect(apiA, watcherOnA.token());
         SocketClient onB = SocketClient.connect(apiB, watcherOnB.token())) {
      onA.settle();
      onB.settle();
      Map<Long, Boolean> viewA = PresenceView.of(apiA, watcherOnA.token());
      Map<Long, Boolean> viewB = PresenceView.of(apiB, watcherOnB.token());
      long back;
      redis.stop();
      try {
        long until = System.currentTimeMillis() + PRESENCE_OUTAGE_MS;
        leaverOnA.close();
        leaverOnB.close();
        joinerOnA = SocketClient.connect(apiA, joinsA.token());
        joinerOnB = SocketClient.connect(apiB, joinsB.token());
        Thread.sleep(Math.max(0, until - System.currentTimeMillis()));
      } finally {
        redis.start();
        back = System.currentTimeMillis();
      }
      Map<Long, Boolean> truth = Map.of(leavesA.id(), false, joinsA.id(), true, leavesB.id(), false, joinsB.id(), true);
      assertEquals(truth, PresenceView.only(PresenceView.of(apiB, watcherOnB.token()), changing),
          "the database has it right");
      long deadline = back + PRESENCE_BOUND_MS;
      while (System.currentTimeMillis() < deadline
          && !(PresenceView.only(viewA, changing).equals(truth) && PresenceView.only(viewB, changing).equals(truth))) {
        PresenceView.apply(onA, viewA, 100);
        PresenceView.apply(onB, viewB, 100);
      }
      assertEquals(truth, PresenceView.only(viewA, changing), "the socket on A, within 30 s of Redis's return");
      assertEquals(truth, PresenceView.only(viewB, changing), "the socket on B, within 30 s of Redis's return");
    } finally {
      for (SocketClient joiner : new SocketClient[] {joinerOnA, joinerOnB}) {
        if (joiner != null) {
          joiner.close();
        }
      }
    }
  }

  /*
   * CONTRACT §6.1 across instances: alice's client resumes on B again and again while four
   * colleagues send to her, two over A and two over B, so that commits of both instances land
   * during every replay; each socket gets a contiguous, duplicate-free slice of her stream.
   */
  @Test
  @Order(8)
  void resumesOnOneInstanceWhileBothCommitMissAndDoubleNothing() throws Exception {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    List<Person> colleagues = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      colleagues.add(fixture.employee(company));
    }
    StreamClient.raceResumesAgainstSenders(List.of(apiA, apiB), apiB, alice, colleagues, 50);
  }

  @Test
  @Order(9)
  void logoutOnOneInstanceClosesTheSessionsSocketOnTheOther() throws Exception {
    Person alice = fixture.employee(fixture.company());
    try (SocketClient onB = SocketClient.connect(apiB, alice.token())) {
      onB.settle();
      assertEquals(204, apiA.post("api/auth/logout", alice.token(), "").status());
      SessionSocketsIT.assertClosedWithin(1008, onB);
    }
  }

  @Test
  @Order(10)
  void deactivationOnOneInstanceClosesTheUsersSocketsOnTheOther() throws Exception {
    Person alice = fixture.employee(fixture.company());
    try (SocketClient onB = SocketClient.connect(apiB, alice.token())) {
      onB.settle();
      apiA.patch("api/admin/users/" + alice.id(), fixture.adminToken(), Api.json("active", false));
      SessionSocketsIT.assertClosedWithin(1008, onB);
    }
  }

  @Test
  @Order(11)
  void aSocketWhoseTokenExpiresUnrefreshedClosesWith4401AfterItsExpiry() throws Exception {
    Person alice = fixture.employee(fixture.company());
    String token = new Fixture(apiB).login(alice.username(), Fixture.PASSWORD).getString("access_token");
    Instant exp = expiryOf(token);
    try (SocketClient socket = SocketClient.connect(apiB, token)) {
      socket.settle();
      CloseReason reason = awaitCloseAfter(socket, exp);
      Instant closedAt = Instant.now();
      SocketClient.assertCloseCode(4401, reason);
      assertTrue(!closedAt.isBefore(exp), "closed at " + closedAt + ", token valid until " + exp);
    }
  }

  @Test
  @Order(12)
  void anAuthFrameWithAFreshTokenKeepsTheSocketOpenPastTheOldExpiry() throws Exception {
    Person alice = fixture.employee(fixture.company());
    var session = new Fixture(apiB).login(alice.username(), Fixture.PASSWORD);
    String first = session.getString("access_token");
    Instant oldExp = expiryOf(first);
    try (SocketClient socket = SocketClient.connect(apiB, first)) {
      socket.settle();
      // A token that expires well after the first (JWT expiries count whole seconds).
      Thread.sleep(4_000);
      String fresh = apiB.post("api/auth/refresh", null, Api.json("refresh_token", session.getString("refresh_token")))
          .object().getString("access_token");
      Instant newExp = expiryOf(fresh);
      assertTrue(newExp.isAfter(oldExp), newExp + " after " + oldExp);
      socket.send(Api.json("type", "auth", "token", fresh));
      socket.assertUsable();
      sleepUntil(oldExp.plusMillis(1_000));
      assertTrue(Instant.now().isBefore(newExp), "the machine was too slow for this test's margin");
      socket.assertUsable();
      CloseReason reason = awaitCloseAfter(socket, newExp);
      SocketClient.assertCloseCode(4401, reason);
      assertTrue(!Instant.now().isBefore(newExp));
    }
  }

  @Test
  @Order(13)
  void killingAnInstanceMidConversationLosesNothingAcknowledgedAndPresenceIsRightWithin30Seconds()
      throws Exception {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    Person dave = fixture.employee(company);
    try (SocketClient watcherOnA = SocketClient.connect(apiA, alice.token())) {
      watcherOnA.settle();
      SocketClient daveOnB = SocketClient.connect(apiB, dave.token());
      watcherOnA.await("user_status", f -> f.getJsonNumber("user_id").longValue() == dave.id() && f.getBoolean("is_online"));

      // Two conversations cross the instances; bob's client, like one behind a proxy, reconnects
      // to whichever instance is alive.
      AtomicBoolean bDead = new AtomicBoolean();
      RetryingSender aliceOnA = new RetryingSender(() -> apiA, alice.token());
      RetryingSender bobOnB = new RetryingSender(() -> bDead.get() ? apiA : apiB, bob.token());
      ExecutorService pool = Executors.newFixedThreadPool(2);
      long deadline = System.currentTimeMillis() + 60_000;
      Future<?> fromAlice = pool.submit(() -> sendSeries(aliceOnA, bob.id(), "a", deadline));
      Future<?> fromBob = pool.submit(() -> sendSeries(bobOnB, alice.id(), "b", deadline));
      Thread.sleep(1_000);
      long killed = System.nanoTime();
      b.kill9();
      bDead.set(true);
      fromAlice.get(60, TimeUnit.SECONDS);
      fromBob.get(60, TimeUnit.SECONDS);
      pool.shutdown();
      assertTrue(bobOnB.reconnects() >= 2, "bob's client moved to the surviving instance");

      JsonObject offline = watcherOnA.awaitWithin("user_status",
          f -> f.getJsonNumber("user_id").longValue() == dave.id() && !f.getBoolean("is_online"), 35_000);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
      assertTrue(seconds <= 30, "dave, whose client did not come back, offline after " + seconds + " s");
      assertFalse(offline.getBoolean("is_online"));
      Map<Long, Boolean> online = new HashMap<>();
      apiA.get("api/chat/users/", alice.token()).array().getValuesAs(JsonObject.class)
          .forEach(u -> online.put(u.getJsonNumber("id").longValue(), u.getBoolean("is_online")));
      assertEquals(Map.of(bob.id(), true, dave.id(), false), online, "bob, reconnected to A, stays online");
      daveOnB.awaitClose();

      List<Long> stored = new ArrayList<>();
      apiA.get("api/chat/messages/?after=0", alice.token()).array().getValuesAs(JsonObject.class)
          .forEach(m -> stored.add(m.getJsonNumber("message_id").longValue()));
      Set<Long> acknowledged = new TreeSet<>(aliceOnA.acknowledged().values());
      acknowledged.addAll(bobOnB.acknowledged().values());
      assertEquals(2 * SERIES, acknowledged.size());
      assertEquals(acknowledged, new TreeSet<>(stored), "every acknowledged message survived the kill");
      assertEquals(2 * SERIES, stored.size(), "each once");
      aliceOnA.close();
      bobOnB.close();
    }
  }

  private static Void sendSeries(RetryingSender sender, long to, String prefix, long deadline) throws Exception {
    for (int i = 0; i < SERIES; i++) {
      sender.send(to, prefix + " " + i, prefix + "-" + i, deadline);
      Thread.sleep(50);
    }
    return null;
  }

  private static CloseReason awaitCloseAfter(SocketClient socket, Instant exp) throws Exception {
    sleepUntil(exp.minusMillis(500));
    return socket.awaitClose();
  }

  private static void sleepUntil(Instant when) throws InterruptedException {
    long ms = when.toEpochMilli() - System.currentTimeMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  private static Instant expiryOf(String token) throws Exception {
    return SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
  }
}
