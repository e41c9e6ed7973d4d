package com.companychat.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two buses on the real Redis of this machine (127.0.0.1:6379), as two instances would be. */
class RedisEventBusTest {
  static final String REDIS = System.getProperty("chat.test.redis.url", "redis://127.0.0.1:6379");

  RedisEventBus a;
  RedisEventBus b;
  BlockingQueue<ChatEvent> atA = new LinkedBlockingQueue<>();
  BlockingQueue<ChatEvent> atB = new LinkedBlockingQueue<>();
  long company = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);

  @BeforeEach
  void start() {
    a = new RedisEventBus(REDIS, "a");
    b = new RedisEventBus(REDIS, "b");
    a.subscribe(atA::add);
    b.subscribe(atB::add);
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  @Test
  void anEventReachesTheLocalListenersAtOnceAndTheOtherInstanceOnce() throws Exception {
    b.watchCompany(company);
    a.watchCompany(company);
    ChatEvent typing = new ChatEvent.Typing(company, 1, "alice", 2, true);
    awaitSubscribed(typing);

    ChatEvent read = new ChatEvent.MessagesRead(company, 2, 1, null);
    a.publish(read);
    assertEquals(read, atA.poll(1, TimeUnit.SECONDS), "local delivery");
    assertEquals(read, atB.poll(5, TimeUnit.SECONDS), "through Redis");
    assertNull(atA.poll(500, TimeUnit.MILLISECONDS), "an instance drops its own echo");
    assertNull(atB.poll(100, TimeUnit.MILLISECONDS), "exactly once");
  }

  @Test
  void anInstanceHearsOnlyTheCompaniesItWatches() throws Exception {
    b.watchCompany(company);
    awaitSubscribed(new ChatEvent.Typing(company, 1, "alice", 2, true));
    a.publish(new ChatEvent.Typing(company + 1, 1, "x", 2, true));
    assertNull(atB.poll(700, TimeUnit.MILLISECONDS));

    b.unwatchCompany(company);
    // No wait: once unwatchCompany returns, nothing of the company is delivered any more.
    ChatEvent afterUnwatch = new ChatEvent.Typing(company, 1, "alice", 2, false);
    atA.clear();
    a.publish(afterUnwatch);
    assertEquals(afterUnwatch, atA.poll(1, TimeUnit.SECONDS), "the control: a did publish it");
    assertNull(atB.poll(700, TimeUnit.MILLISECONDS));
  }

  @Test
  void eventsOfOnePublisherArriveInOrder() throws Exception {
    b.watchCompany(company);
    awaitSubscribed(new ChatEvent.Typing(company, 1, "alice", 2, true));
    for (int i = 0; i < 300; i++) {
      a.publish(new ChatEvent.MessagesRead(company, i, 1, null));
    }
    for (int i = 0; i < 300; i++) {
      ChatEvent event = atB.poll(5, TimeUnit.SECONDS);
      assertEquals(i, ((ChatEvent.MessagesRead) event).readerId());
    }
  }

  /** Three queues' worth, published as fast as the queue takes them: batched, whole, in order. */
  @Test
  void manyEventsPublishedInBatchesArriveWholeAndInOrder() throws Exception {
    b.watchCompany(company);
    awaitSubscribed(new ChatEvent.Typing(company, 1, "alice", 2, true));
    int burst = 3 * RedisEventBus.MAX_PENDING;
    for (int i = 0; i < burst; i++) {
      a.publish(new ChatEvent.MessagesRead(i % 2 == 0 ? company : company + 1, i, 1, null));
      while (a.pending() >= RedisEventBus.MAX_PENDING - 1) {
        Thread.onSpinWait();
      }
    }
    for (int i = 0; i < burst; i += 2) {
      ChatEvent event = atB.poll(10, TimeUnit.SECONDS);
      assertEquals(i, ((ChatEvent.MessagesRead) event).readerId(), "b hears its company's events, in order");
    }
    assertNull(atB.poll(300, TimeUnit.MILLISECONDS), "and nothing of the company it does not watch");
  }

  @Test
  void theLagOfEveryEventThroughRedisIsObservedAndNothingWaits() throws Exception {
    BlockingQueue<Long> lags = new LinkedBlockingQueue<>();
    b.observeLag(lags::add);
    b.watchCompany(company);
    awaitSubscribed(new ChatEvent.Typing(company, 1, "alice", 2, true));
    lags.clear();

    a.publish(new ChatEvent.MessagesRead(company, 2, 1, null));
    assertEquals(new ChatEvent.MessagesRead(company, 2, 1, null), atB.poll(5, TimeUnit.SECONDS));
    Long lag = lags.poll(1, TimeUnit.SECONDS);
    assertTrue(lag != null && lag >= 0 && lag < 5_000, "lag of the event: " + lag);
    assertEquals(0, a.pending(), "the publisher's queue is drained");
  }

  @Test
  void anInstancesOwnEchoIsMeasuredButNotDeliveredAgain() throws Exception {
    b.watchCompany(company);
    awaitSubscribed(new ChatEvent.Typing(company, 1, "alice", 2, true));
    BlockingQueue<Long> lags = new LinkedBlockingQueue<>();
    b.observeLag(lags::add);
    atB.clear();

    b.publish(new ChatEvent.UserDeactivated(company, 3));

    assertEquals(new ChatEvent.UserDeactivated(company, 3), atB.poll(1, TimeUnit.SECONDS), "delivered locally");
    Long lag = lags.poll(5, TimeUnit.SECONDS);
    assertTrue(lag != null && lag >= 0 && lag < 5_000, "lag of the own echo: " + lag);
    assertNull(atB.poll(500, TimeUnit.MILLISECONDS), "the echo is not delivered a second time");
  }

  /**
   * A clean stop (the application's end): what was queued just before still reaches the others,
   * and when close() returns the bus's publisher and Redis watch have ended. The earlier close()
   * interrupted the publisher mid-batch (the queued events were lost, a stack trace logged) and
   * returned while its threads ran on. (Redisson's own threads cannot be told apart from those of
   * the other buses, which start some lazily while they receive.)
   */
  @Test
  void closingSendsWhatIsQueuedAndLeavesNoThreadRunning() throws Exception {
    b.watchCompany(company);
    awaitSubscribed(new ChatEvent.Typing(company, 1, "alice", 2, true));
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    RedisEventBus c = new RedisEventBus(REDIS, "c");
    int queued = 500;
    for (int i = 0; i < queued; i++) {
      c.publish(new ChatEvent.Typing(company, 3, "carol", i, true));
    }
    c.close();
    Set<String> names = Set.of("chat-redis-publisher", "chat-redis-return");
    List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && names.contains(t.getName())).toList();
    assertEquals(List.of(), ours, "threads of the bus still run after close()");
    for (int i = 0; i < queued; i++) {
      ChatEvent received = atB.poll(5, TimeUnit.SECONDS);
      assertEquals(new ChatEvent.Typing(company, 3, "carol", i, true), received, "event " + i + " of " + queued);
    }
    c.close();  // a second close (the disposer after the application's end) does nothing
  }

  /** The application stops: no event from Redis reaches a listener any more; publishing goes on. */
  @Test
  void afterStopDeliveringEventsFromRedisReachNoListenerButPublishingGoesOn() throws Exception {
    a.watchCompany(company);
    b.watchCompany(company);
    awaitSubscribed(new ChatEvent.Typing(company, 1, "alice", 2, true));
    b.stopDelivering();
    ChatEvent fromA = new ChatEvent.Typing(company, 1, "alice", 2, false);
    a.publish(fromA);
    assertEquals(fromA, atA.poll(1, TimeUnit.SECONDS), "the control: a did publish it");
    ChatEvent fromB = new ChatEvent.Typing(company, 2, "bob", 1, true);
    b.publish(fromB);
    assertEquals(fromB, atA.poll(5, TimeUnit.SECONDS), "b's events still reach a");
    assertNull(atB.poll(700, TimeUnit.MILLISECONDS), "an event from Redis reached a listener of b");
  }

  /** Publishes a probe from a until b hears it: b's subscription is then in place. */
  private void awaitSubscribed(ChatEvent probe) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      a.publish(probe);
      if (atB.poll(200, TimeUnit.MILLISECONDS) != null) {
        drainUntilQuiet();
        return;
      }
    }
    throw new AssertionError("b never subscribed");
  }

  /* Probes still on their way (however slowly they travel) are received and dropped. */
  private void drainUntilQuiet() throws InterruptedException {
    while (atB.poll(300, TimeUnit.MILLISECONDS) != null) {
      // a late probe
    }
    atA.clear();
    atB.clear();
  }
}
