package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro processes on one PostgreSQL and one Redis: users on different instances talk
 * as if on one. The instances are started here, not by Arquillian, because one is killed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  static final long QUIET_MS = 700;
  /** Messages each side of the kill -9 test sends. */
  static final int SERIES = 40;

  MicroInstance a;
  MicroInstance b;
  Api apiA;
  Api apiB;
  Fixture fixture;

  @BeforeAll
  void startTwoInstances() throws Exception {
    Fixture.war();
    String[] config = MicroInstance.testConfig("chat.redis.url=redis://127.0.0.1:6379",
        "chat.rate.messages-per-second=1000", "chat.rate.burst=1000");
    a = new MicroInstance("a").start(config);
    b = new MicroInstance("b").start(config);
    a.awaitReady();
    b.awaitReady();
    apiA = a.api();
    apiB = b.api();
    fixture = new Fixture(apiA);
  }

  @AfterAll
  void stop() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
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
  @Order(3)
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
      RedisControl.stop();
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
        RedisControl.start();
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
  @Order(4)
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
}
