package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted while clients send: every acknowledged message is stored once, the
 * unacknowledged ones are retried by their clients and stored once, and the same server process
 * carries on afterwards.
 */
class PostgresRestartIT extends OwnInstance {
  static final int SENDERS = 4;
  static final int MESSAGES = 60;
  private static final Logger LOG = Logger.getLogger(PostgresRestartIT.class.getName());

  @Override
  MicroInstance instance() throws Exception {
    return new MicroInstance("postgres-restart");
  }

  @Override
  String[] settings() {
    return MicroInstance.testConfig("chat.rate.messages-per-second=1000", "chat.rate.burst=1000");
  }

  @Test
  void acknowledgedMessagesSurviveARestartAndRetriesAreStoredOnce() throws Exception {
    long company = fixture.company();
    List<Person> senders = new ArrayList<>();
    List<Person> receivers = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) {
      senders.add(fixture.employee(company));
      receivers.add(fixture.employee(company));
    }
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    List<RetryingSender> clients = new ArrayList<>();
    List<Future<?>> running = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 120_000;
    for (int i = 0; i < SENDERS; i++) {
      RetryingSender client = new RetryingSender(() -> api, senders.get(i).token());
      clients.add(client);
      long receiver = receivers.get(i).id();
      String prefix = "s" + i + "-";
      running.add(pool.submit(() -> {
        for (int n = 0; n < MESSAGES; n++) {
          client.send(receiver, "message " + n, prefix + n, deadline);
          Thread.sleep(40);
        }
        return null;
      }));
    }
    try {
      Thread.sleep(800);
      PostgresControl.stop();
      Thread.sleep(3_000);
    } finally {
      PostgresControl.start();
    }
    for (Future<?> sender : running) {
      sender.get(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
    }
    pool.shutdown();

    int retries = 0;
    for (int i = 0; i < SENDERS; i++) {
      RetryingSender client = clients.get(i);
      retries += client.retries();
      Map<String, Long> acked = client.acknowledged();
      assertEquals(MESSAGES, acked.size(), "every message of sender " + i + " was acknowledged in the end");
      List<Long> stored = new ArrayList<>();
      for (JsonObject m : api.get("api/chat/messages/?after=0", receivers.get(i).token()).array()
          .getValuesAs(JsonObject.class)) {
        stored.add(m.getJsonNumber("message_id").longValue());
      }
      assertEquals(new TreeSet<>(acked.values()), new TreeSet<>(stored), "what was acknowledged is what is stored");
      assertEquals(MESSAGES, stored.size(), "each once: no retry stored a second copy");
      assertEquals(MESSAGES, Fixture.countMessages("sender_id = " + senders.get(i).id()));
      client.close();
    }
    assertTrue(retries > 0, "the restart did interrupt the senders (positive control)");

    // The same process serves again, live delivery included.
    assertEquals(200, api.get("health/ready", null).status());
    try (SocketClient receiver = SocketClient.connect(api, receivers.get(0).token())) {
      receiver.settle();
      fixture.send(senders.get(0), receivers.get(0), "after the restart");
      assertEquals("after the restart", receiver.await("chat_message").getString("message"));
    }
    LOG.info(() -> "PostgreSQL restart: " + SENDERS * MESSAGES + " messages acknowledged and stored once, "
        + clients.stream().mapToInt(RetryingSender::retries).sum() + " retries, "
        + clients.stream().mapToInt(RetryingSender::reconnects).sum() + " connections");
  }
}
