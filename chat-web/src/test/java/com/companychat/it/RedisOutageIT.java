package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two instances and the real Redis stopped and started again: afterwards, with no traffic from
 * the receivers, every socket gets the messages it missed and sees the true presence.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisOutageIT {
  /**
   * Long enough that Redisson's own reconnection (back-off 2, 4 … 8192 ms) next tries about 8 s
   * after Redis is back: a bus that waited for it would be seen waiting.
   */
  static final long SHORT_OUTAGE_MS = 8_200;
  static final long PRESENCE_OUTAGE_MS = 60_000;
  /** Generous against the 1 s target, below the 8 s that Redisson's back-off alone would take. */
  static final long CATCH_UP_BOUND_MS = 6_000;
  static final long PRESENCE_BOUND_MS = 30_000;
  private static final Logger LOG = Logger.getLogger(RedisOutageIT.class.getName());

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
    a = new MicroInstance("outage-a").start(config);
    b = new MicroInstance("outage-b").start(config);
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
  void receiversThatNeverSendGetWhatTheyMissedAsSoonAsRedisReturns() throws Exception {
    long company = fixture.company();
    List<Person> sendersOnA = List.of(fixture.employee(company), fixture.employee(company));
    List<Person> receiversOnB = List.of(fixture.employee(company), fixture.employee(company));
    Person senderOnB = fixture.employee(company);
    Person receiverOnA = fixture.employee(company);
    Map<Person, SocketClient> senders = new LinkedHashMap<>();
    Map<Person, Person> to = new HashMap<>();
    Map<Person, SocketClient> receivers = new LinkedHashMap<>();
    try {
      for (int i = 0; i < 2; i++) {
        senders.put(sendersOnA.get(i), SocketClient.connect(apiA, sendersOnA.get(i).token()));
        to.put(sendersOnA.get(i), receiversOnB.get(i));
        receivers.put(receiversOnB.get(i), SocketClient.connect(apiB, receiversOnB.get(i).token()));
      }
      senders.put(senderOnB, SocketClient.connect(apiB, senderOnB.token()));
      to.put(senderOnB, receiverOnA);
      receivers.put(receiverOnA, SocketClient.connect(apiA, receiverOnA.token()));
      for (SocketClient socket : senders.values()) {
        socket.settle();
      }
      for (SocketClient socket : receivers.values()) {
        socket.settle();
      }
      Map<Person, List<Long>> expected = new HashMap<>();
      receivers.keySet().forEach(r -> expected.put(r, new ArrayList<>()));
      RedisControl.stop();
      long back;
      try {
        long until = System.currentTimeMillis() + SHORT_OUTAGE_MS;
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
        RedisControl.start();
        back = System.currentTimeMillis();
      }
      // Nobody sends any more: what the receivers missed must come by itself.
      long slowest = 0;
      for (Map.Entry<Person, SocketClient> receiver : receivers.entrySet()) {
        List<Long> got = new ArrayList<>();
        List<Long> want = expected.get(receiver.getKey());
        while (got.size() < want.size()) {
          got.add(receiver.getValue().awaitWithin("chat_message", f -> true, 30_000)
              .getJsonNumber("message_id").longValue());
        }
        slowest = Math.max(slowest, System.currentTimeMillis() - back);
        assertEquals(want, got, "every missed message, once, in id order");
      }
      long delay = slowest;
      int missed = expected.values().stream().mapToInt(List::size).sum();
      LOG.info(() -> "Redis outage of " + SHORT_OUTAGE_MS + " ms: " + missed + " missed messages, the last delivered "
          + delay + " ms after Redis was back");
      assertTrue(delay < CATCH_UP_BOUND_MS, "caught up " + delay + " ms after Redis's return, not on Redisson's back-off");
    } finally {
      for (SocketClient socket : senders.values()) {
        socket.close();
      }
      for (SocketClient socket : receivers.values()) {
        socket.close();
      }
    }
  }

  @Test
  @Order(2)
  void presenceChangesDuringAMinuteWithoutRedisReachEverySocketAfterwards() throws Exception {
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
    try (SocketClient onA = SocketClient.connect(apiA, watcherOnA.token());
         SocketClient onB = SocketClient.connect(apiB, watcherOnB.token())) {
      onA.settle();
      onB.settle();
      Map<Long, Boolean> viewA = PresenceView.of(apiA, watcherOnA.token());
      Map<Long, Boolean> viewB = PresenceView.of(apiB, watcherOnB.token());
      SocketClient joinerOnA;
      SocketClient joinerOnB;
      RedisControl.stop();
      long back;
      try {
        long until = System.currentTimeMillis() + PRESENCE_OUTAGE_MS;
        leaverOnA.close();
        leaverOnB.close();
        joinerOnA = SocketClient.connect(apiA, joinsA.token());
        joinerOnB = SocketClient.connect(apiB, joinsB.token());
        Thread.sleep(Math.max(0, until - System.currentTimeMillis()));
      } finally {
        RedisControl.start();
        back = System.currentTimeMillis();
      }
      try {
        Map<Long, Boolean> truth = new HashMap<>();
        truth.put(leavesA.id(), false);
        truth.put(joinsA.id(), true);
        truth.put(leavesB.id(), false);
        truth.put(joinsB.id(), true);
        assertEquals(truth, PresenceView.only(PresenceView.of(apiB, watcherOnB.token()), changing),
            "the database has it right");
        long deadline = back + PRESENCE_BOUND_MS;
        while (System.currentTimeMillis() < deadline
            && !(PresenceView.only(viewA, changing).equals(truth) && PresenceView.only(viewB, changing).equals(truth))) {
          PresenceView.apply(onA, viewA, 100);
          PresenceView.apply(onB, viewB, 100);
        }
        long healed = System.currentTimeMillis() - back;
        LOG.info(() -> "Presence after a " + PRESENCE_OUTAGE_MS + " ms Redis outage: every socket right "
            + healed + " ms after Redis was back");
        assertEquals(truth, PresenceView.only(viewA, changing), "the socket on A");
        assertEquals(truth, PresenceView.only(viewB, changing), "the socket on B");
      } finally {
        joinerOnA.close();
        joinerOnB.close();
      }
    }
  }
}
