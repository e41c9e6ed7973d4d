package com.companychat.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.client.model.Backoff;
import com.companychat.client.model.ConnectionHealth;
import com.companychat.client.model.ConnectionStatus;
import com.companychat.client.model.Outbox;
import com.companychat.protocol.ServerFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection loop against servers that misbehave on purpose (see {@link HandshakeOnlyServer}). */
class ChatManagerConnectionTest {
  @TempDir
  Path dir;

  final List<ConnectionStatus> statuses = new CopyOnWriteArrayList<>();
  final java.util.concurrent.atomic.AtomicInteger renewals = new java.util.concurrent.atomic.AtomicInteger();
  final Backoff backoff = new Backoff(new Random(3), Duration.ofMillis(50), Duration.ofMillis(200));
  HandshakeOnlyServer server;
  ChatManager manager;

  @AfterEach
  void stop() throws Exception {
    if (manager != null) {
      manager.close();
    }
    server.close();
  }

  @Test
  void aServerThatAcceptsAndClosesAtOnceDoesNotResetTheBackoff() throws Exception {
    start(HandshakeOnlyServer.Behaviour.CLOSE_AT_ONCE, new ConnectionHealth());
    waitFor("four accepted sockets", () -> server.upgrades() >= 4);
    assertTrue(backoff.failures() >= 3, "failures in a row: " + backoff.failures());
  }

  @Test
  void aHalfOpenSocketThatAnswersNoPingIsReplaced() throws Exception {
    start(HandshakeOnlyServer.Behaviour.SILENT,
        new ConnectionHealth(Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofMillis(300)));
    waitFor("connected", () -> statuses.stream().anyMatch(s -> s.state() == ConnectionStatus.State.CONNECTED));
    waitFor("a second socket after the unanswered ping", () -> server.upgrades() >= 2);
    assertTrue(statuses.stream().anyMatch(s -> s.state() == ConnectionStatus.State.RECONNECTING), "" + statuses);
  }

  @Test
  void thePongsRoundTripIsShownAsTheConnectionsQuality() throws Exception {
    start(HandshakeOnlyServer.Behaviour.PONG,
        new ConnectionHealth(Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(10)));
    waitFor("a measured round trip", () -> statuses.stream().anyMatch(s -> s.rttMillis() >= 0));
    ConnectionStatus measured = statuses.stream().filter(s -> s.rttMillis() >= 0).findFirst().orElseThrow();
    assertTrue(measured.text().matches("Connected · (good|slow) \\(\\d+ ms\\)"), measured.text());
    assertTrue(server.upgrades() == 1, "answered pings keep the socket");
  }

  @Test
  void aSocketClosedForItsTokenIsReopenedOnlyAfterTheRefreshNotWithTheOldToken() throws Exception {
    start(HandshakeOnlyServer.Behaviour.CLOSE_4401_ON_FIRST_FRAME,
        new ConnectionHealth(Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(10)));
    waitFor("the renewal asked for", () -> renewals.get() == 1);
    Thread.sleep(600); // three times the backoff's cap: a reconnect with the old token would be here
    assertEquals(1, server.upgrades());
    assertEquals(1, manager.connectAttempts());
    manager.tokenRefreshed();
    waitFor("reopened after the refresh", () -> server.upgrades() == 2);
  }

  private void start(HandshakeOnlyServer.Behaviour behaviour, ConnectionHealth health) throws Exception {
    server = new HandshakeOnlyServer(behaviour);
    ChatApi api = new ChatApi(server.httpBase());
    manager = new ChatManager(api, new Outbox(dir.resolve("outbox.jsonl")), new Recorder(), backoff,
        Executors.newScheduledThreadPool(2), 1, 0, server.socketUri());
    manager.useHealth(health);
    manager.onClosedForSession(renewals::incrementAndGet);
    manager.start();
  }

  /** A bound for a broken build, never a speed check. */
  private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  private final class Recorder implements ChatManager.Listener {
    @Override
    public void message(ServerFrame.ChatMessage message) { }

    @Override
    public void userStatus(ServerFrame.UserStatus status) { }

    @Override
    public void messagesRead(ServerFrame.MessagesRead read) { }

    @Override
    public void typing(ServerFrame.TypingIndicator typing) { }

    @Override
    public void status(ConnectionStatus status) {
      statuses.add(status);
    }

    @Override
    public void refused(String clientMsgId, String reason) { }

    @Override
    public void resynced() { }
  }
}
