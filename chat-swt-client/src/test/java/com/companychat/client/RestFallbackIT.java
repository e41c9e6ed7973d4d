package com.companychat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.client.model.Backoff;
import com.companychat.client.model.ConnectionStatus;
import com.companychat.client.model.Outbox;
import com.companychat.client.net.ChatApi;
import com.companychat.client.net.ChatManager;
import com.companychat.protocol.ServerFrame;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The connection's state machine against the real server, without a display: when the socket
 * cannot be reached (here: a socket address where nothing listens), after five failures the
 * client polls and sends over REST, and goes on trying the socket.
 */
class RestFallbackIT {

  @Test
  void afterFiveSocketFailuresMessagesFlowOverRest() throws Exception {
    String server = TestServer.shared().url();
    ChatApi alice = new ChatApi(URI.create(server));
    ChatApi.Session session = alice.login("alice", "demo-pass-1");
    alice.useToken(session.accessToken());
    ChatApi bob = new ChatApi(URI.create(server));
    ChatApi.Session bobSession = bob.login("bob", "demo-pass-1");
    bob.useToken(bobSession.accessToken());

    BlockingQueue<ServerFrame.ChatMessage> received = new LinkedBlockingQueue<>();
    List<ConnectionStatus> statuses = new CopyOnWriteArrayList<>();
    Path dir = Files.createTempDirectory(Path.of("target"), "fallback");
    Outbox outbox = new Outbox(dir.resolve("outbox.jsonl"));
    ChatManager manager = new ChatManager(alice, outbox, new Recorder(received, statuses),
        new Backoff(new Random(1), Duration.ofMillis(20), Duration.ofMillis(200)),
        Executors.newScheduledThreadPool(2), session.userId(), -1, URI.create("ws://127.0.0.1:1/ws/chat/"));
    try {
      manager.start();
      waitFor(() -> statuses.stream().anyMatch(s -> s.state() == ConnectionStatus.State.REST_FALLBACK));
      long failures = statuses.stream().filter(s -> s.state() == ConnectionStatus.State.RECONNECTING).count();
      assertEquals(Backoff.FALLBACK_AFTER - 1, failures, "reconnecting four times before falling back");

      // One poll has established where new messages start (waited for, not slept: issue 11 item 12).
      waitFor(() -> manager.lastId() >= 0);
      received.clear();
      bob.send(session.userId(), "polled over REST", "bob-poll-1");
      ServerFrame.ChatMessage polled = received.poll(10, TimeUnit.SECONDS);
      assertEquals("polled over REST", polled.message(), "only what is new arrives, not the history");

      manager.send(bobSession.userId(), "sent over REST");
      waitFor(() -> outbox.pending().isEmpty());
      assertTrue(bob.messagesAfter(0).stream().filter(m -> m.message().equals("sent over REST")).count() == 1);

      int before = statuses.size();
      waitFor(() -> statuses.size() > before + 2);
      assertTrue(statuses.stream().skip(before).allMatch(s -> s.state() == ConnectionStatus.State.REST_FALLBACK),
          "still trying the socket in the background, still on REST");
    } finally {
      manager.close();
    }
  }

  @Test
  void aMessageSentWithAnExpiredTokenWaitsForTheRefreshInsteadOfBeingDropped() throws Exception {
    String server = TestServer.shared().url();
    ChatApi alice = new ChatApi(URI.create(server));
    ChatApi.Session session = alice.login("alice", "demo-pass-1");
    alice.useToken(session.accessToken());
    long bob = alice.users().stream().filter(c -> c.username().equals("bob")).findFirst().orElseThrow().id();
    alice.useToken("expired-or-garbage");
    List<ConnectionStatus> statuses = new CopyOnWriteArrayList<>();
    List<String> refusals = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger refreshRequests = new java.util.concurrent.atomic.AtomicInteger();
    Outbox outbox = new Outbox(Files.createTempDirectory(Path.of("target"), "expired").resolve("outbox.jsonl"));
    ChatManager manager = new ChatManager(alice, outbox, new Recorder(new LinkedBlockingQueue<>(), statuses) {
      @Override
      public void refused(String clientMsgId, String reason) {
        refusals.add(reason);
      }
    }, new Backoff(new Random(1), Duration.ofMillis(20), Duration.ofMillis(200)),
        Executors.newScheduledThreadPool(2), session.userId(), -1, URI.create("ws://127.0.0.1:1/ws/chat/"));
    manager.onUnauthorized(() -> {
      refreshRequests.incrementAndGet();
      alice.useToken(session.accessToken());
    });
    try {
      manager.start();
      manager.send(bob, "sent once the token is fresh");
      waitFor(() -> refreshRequests.get() > 0);
      try {
        waitFor(() -> outbox.pending().isEmpty());
      } catch (AssertionError e) {
        throw new AssertionError("still queued; statuses " + statuses + ", refusals " + refusals, e);
      }
      assertEquals(List.of(), refusals, "an expired token is not the server refusing the message");
    } finally {
      manager.close();
    }
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(50);
    }
  }

  private static class Recorder implements ChatManager.Listener {
    private final BlockingQueue<ServerFrame.ChatMessage> received;
    private final List<ConnectionStatus> statuses;

    Recorder(BlockingQueue<ServerFrame.ChatMessage> received, List<ConnectionStatus> statuses) {
      this.received = received;
      this.statuses = statuses;
    }

    @Override
    public void message(ServerFrame.ChatMessage message) {
      received.add(message);
    }

    @Override
    public void userStatus(ServerFrame.UserStatus status) {}

    @Override
    public void messagesRead(ServerFrame.MessagesRead read) {}

    @Override
    public void typing(ServerFrame.TypingIndicator typing) {}

    @Override
    public void status(ConnectionStatus status) {
      statuses.add(status);
    }

    @Override
    public void refused(String clientMsgId, String reason) {}

    @Override
    public void resynced() {}
  }
}
