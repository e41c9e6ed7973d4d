package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The database fails under clients that send, on one instance of its own (it carries on after
 * each fault): PostgreSQL ends every backend of the instance, again and again, while socket and
 * REST clients send — a command that fails says {@code unavailable} (retriable), a retry stores
 * the message once, and the log holds no stack trace per failed command; and PostgreSQL is
 * stopped and started again while clients send — every acknowledged message is stored once, the
 * unacknowledged ones are retried by their clients and stored once, and the same server process
 * carries on afterwards.
 */
class DatabaseFailoverIT extends OwnInstance {
  static final int SOCKET_SENDERS = 3;
  static final int REST_SENDERS = 2;
  static final int MESSAGES = 40;
  /** The restart: four clients send 60 messages each. */
  static final int RESTART_SENDERS = 4;
  static final int RESTART_MESSAGES = 60;
  private static final Logger LOG = Logger.getLogger(DatabaseFailoverIT.class.getName());

  final AtomicInteger unavailable = new AtomicInteger();
  final AtomicLong slowestRestMs = new AtomicLong();
  final AtomicLong slowestErrorMs = new AtomicLong();

  @Override
  MicroInstance instance() throws Exception {
    return new MicroInstance("database-failover");
  }

  @Override
  String[] settings() {
    return MicroInstance.testConfig("chat.rate.messages-per-second=1000", "chat.rate.burst=1000");
  }

  @Test
  void terminatedBackendsFailCommandsRetriablyQuietlyAndRetriesStoreOnce() throws Exception {
    long company = fixture.company();
    List<Person> senders = new ArrayList<>();
    Person receiver = fixture.employee(company);
    for (int i = 0; i < SOCKET_SENDERS + REST_SENDERS; i++) {
      senders.add(fixture.employee(company));
    }
    long logStart = Files.size(server.log());
    ExecutorService pool = Executors.newFixedThreadPool(senders.size());
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < senders.size(); i++) {
      Person sender = senders.get(i);
      boolean overRest = i >= SOCKET_SENDERS;
      running.add(pool.submit(() -> {
        for (int n = 0; n < MESSAGES; n++) {
          String id = sender.id() + "-" + n;
          if (overRest) {
            sendOverRest(sender, receiver.id(), id);
          } else {
            sendOverSocket(sender, receiver.id(), id);
          }
        }
        return null;
      }));
    }
    int terminations = 0;
    while (running.stream().anyMatch(f -> !f.isDone()) && (terminations < 8 || unavailable.get() == 0)
        && terminations < 200) {
      Thread.sleep(250);
      terminateBackends();
      terminations++;
    }
    for (Future<?> sender : running) {
      sender.get(180, TimeUnit.SECONDS);
    }
    pool.shutdown();

    for (Person sender : senders) {
      assertEquals(MESSAGES, Fixture.countMessages("sender_id = " + sender.id()), "each message stored once");
    }
    assertTrue(unavailable.get() > 0, "the terminations did fail commands (positive control)");
    String log = Files.readString(server.log()).substring((int) logStart);
    long severe = log.lines().filter(l -> l.contains("SEVERE")).count();
    long stackLines = log.lines().filter(l -> l.startsWith("\tat ")).count();
    int total = terminations;
    LOG.info(() -> "Database failover: " + total + " terminations, " + unavailable + " unavailable answers,"
        + " slowest REST send " + slowestRestMs + " ms, slowest socket error " + slowestErrorMs + " ms, "
        + severe + " SEVERE lines, " + stackLines + " stack frames, "
        + log.lines().filter(l -> l.contains("A socket command failed")).count() + " socket-failure warnings");
    assertEquals(0, severe, "no SEVERE per failed command:\n" + log.lines().filter(l -> l.contains("SEVERE"))
        .limit(5).toList());
  }

  /** Sends until stored; an {@code unavailable} error is retried with the same client_msg_id. */
  @Test
  void acknowledgedMessagesSurviveARestartAndRetriesAreStoredOnce() throws Exception {
    long company = fixture.company();
    List<Person> senders = new ArrayList<>();
    List<Person> receivers = new ArrayList<>();
    for (int i = 0; i < RESTART_SENDERS; i++) {
      senders.add(fixture.employee(company));
      receivers.add(fixture.employee(company));
    }
    ExecutorService pool = Executors.newFixedThreadPool(RESTART_SENDERS);
    List<RetryingSender> clients = new ArrayList<>();
    List<Future<?>> running = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 120_000;
    for (int i = 0; i < RESTART_SENDERS; i++) {
      RetryingSender client = new RetryingSender(() -> api, senders.get(i).token());
      clients.add(client);
      long receiver = receivers.get(i).id();
      String prefix = "s" + i + "-";
      running.add(pool.submit(() -> {
        for (int n = 0; n < RESTART_MESSAGES; n++) {
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
    for (int i = 0; i < RESTART_SENDERS; i++) {
      RetryingSender client = clients.get(i);
      retries += client.retries();
      Map<String, Long> acked = client.acknowledged();
      assertEquals(RESTART_MESSAGES, acked.size(), "every message of sender " + i + " was acknowledged in the end");
      List<Long> stored = new ArrayList<>();
      for (JsonObject m : api.get("api/chat/messages/?after=0", receivers.get(i).token()).array()
          .getValuesAs(JsonObject.class)) {
        stored.add(m.getJsonNumber("message_id").longValue());
      }
      assertEquals(new TreeSet<>(acked.values()), new TreeSet<>(stored), "what was acknowledged is what is stored");
      assertEquals(RESTART_MESSAGES, stored.size(), "each once: no retry stored a second copy");
      assertEquals(RESTART_MESSAGES, Fixture.countMessages("sender_id = " + senders.get(i).id()));
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
    LOG.info(() -> "PostgreSQL restart: " + RESTART_SENDERS * RESTART_MESSAGES + " messages acknowledged and stored once, "
        + clients.stream().mapToInt(RetryingSender::retries).sum() + " retries, "
        + clients.stream().mapToInt(RetryingSender::reconnects).sum() + " connections");
  }

  private void sendOverSocket(Person sender, long receiverId, String clientMsgId) throws Exception {
    JsonObject frame = Api.json("type", "chat_message", "receiver_id", receiverId, "message", "m " + clientMsgId,
        "client_msg_id", clientMsgId);
    for (int attempt = 0; attempt < 100; attempt++) {
      try (SocketClient socket = SocketClient.connect(api, sender.token())) {
        try {
          socket.settle();
        } catch (AssertionError closed) {
          if (socket.isOpen()) {
            throw closed;
          }
          Thread.sleep(200); // the server closed it (1013, try again later) while the database failed over
          continue;
        }
        while (socket.isOpen()) {
          long sent = System.currentTimeMillis();
          socket.send(frame);
          JsonObject answer = answerTo(socket, clientMsgId);
          if (answer == null) {
            break;
          }
          if ("chat_message".equals(answer.getString("type"))) {
            return;
          }
          assertEquals("unavailable", answer.getString("code"), answer::toString);
          unavailable.incrementAndGet();
          slowestErrorMs.accumulateAndGet(System.currentTimeMillis() - sent, Math::max);
          Thread.sleep(100);
        }
      } catch (java.io.IOException | jakarta.websocket.DeploymentException refused) {
        Thread.sleep(200); // the handshake met the failover: connect again
      }
    }
    throw new AssertionError("never stored: " + clientMsgId);
  }

  /** The echo or error naming {@code clientMsgId}; null when the socket closed or stayed silent. */
  private static JsonObject answerTo(SocketClient socket, String clientMsgId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline && socket.isOpen()) {
      JsonObject frame = socket.poll(100);
      if (frame != null && clientMsgId.equals(frame.getString("client_msg_id", null))) {
        return frame;
      }
    }
    return null;
  }

  private void sendOverRest(Person sender, long receiverId, String clientMsgId) throws Exception {
    for (int attempt = 0; attempt < 100; attempt++) {
      long start = System.currentTimeMillis();
      Api.Reply reply = api.post("api/chat/send/", sender.token(),
          Api.json("receiver_id", receiverId, "message", "m " + clientMsgId, "client_msg_id", clientMsgId));
      slowestRestMs.accumulateAndGet(System.currentTimeMillis() - start, Math::max);
      if (reply.status() / 100 == 2) {
        return;
      }
      assertEquals(503, reply.status(), reply::toString);
      assertEquals("unavailable", reply.object().getString("error"));
      unavailable.incrementAndGet();
      Thread.sleep(100);
    }
    throw new AssertionError("never stored: " + clientMsgId);
  }

  private static void terminateBackends() throws Exception {
    try (Connection c = DriverManager.getConnection(System.getProperty("chat.it.db.url"),
            System.getProperty("chat.it.db.user"), null);
         Statement s = c.createStatement()) {
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
    }
  }
}
