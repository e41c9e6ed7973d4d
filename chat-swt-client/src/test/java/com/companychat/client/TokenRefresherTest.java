package com.companychat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.client.net.ChatApi;
import com.companychat.client.net.TokenStore;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renewal timer against a server answering the refresh with a fixed status. */
class TokenRefresherTest {
  @TempDir
  Path dir;

  HttpServer server;
  final AtomicInteger refreshes = new AtomicInteger();
  final List<String> expired = new CopyOnWriteArrayList<>();
  TokenRefresher refresher;

  @AfterEach
  void stop() {
    refresher.stop();
    server.stop(0);
  }

  @Test
  void aDefinitive401StopsTheTimerAndAsksTheUserOnce() throws Exception {
    start(401, Duration.ofMillis(50));
    refresher.refreshNow();
    waitFor(() -> expired.size() == 1);
    refresher.refreshNow();
    Thread.sleep(300);
    assertEquals(List.of("alice"), expired);
    assertEquals(1, refreshes.get(), "no retry after a definitive refusal");
    assertEquals(0, refresher.planned());
  }

  @Test
  void manyEarlyRefreshesAgainstAnUnavailableServerKeepOneTimer() throws Exception {
    start(503, Duration.ofMillis(100));
    for (int i = 0; i < 5; i++) {
      refresher.refreshNow();
      int seen = refreshes.get();
      waitFor(() -> refreshes.get() > seen);
      assertTrue(refresher.planned() <= 1, "planned refreshes: " + refresher.planned());
    }
    Thread.sleep(250);
    assertTrue(refresher.planned() <= 1, "planned refreshes: " + refresher.planned());
    assertEquals(List.of(), expired);
  }

  @Test
  void eachRenewalIsReportedAndASocketClosedForItsSessionAsksTheServerEvenRightAfterOne() throws Exception {
    start(200, Duration.ofMillis(50));
    List<String> reported = new CopyOnWriteArrayList<>();
    refresher.onRefreshed(() -> reported.add("renewed"));
    refresher.refreshNow();
    waitFor(() -> reported.size() == 1);
    refresher.refreshNow(); // a 401 of a request sent with the old token: nothing to do
    refresher.renewNow(); // the socket closed 1008: the session may have ended since
    waitFor(() -> refreshes.get() == 2);
    waitFor(() -> reported.size() == 2);
    Thread.sleep(200);
    assertEquals(2, refreshes.get());
    assertEquals(List.of(), expired);
  }

  private void start(int status, Duration retry) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/auth/refresh", exchange -> {
      refreshes.incrementAndGet();
      byte[] body = (status == 200
          ? "{\"access_token\":\"a" + refreshes.get() + "\",\"token_type\":\"Bearer\",\"expires_in\":900,"
              + "\"refresh_token\":\"r" + refreshes.get() + "\",\"user\":{\"id\":2,\"username\":\"alice\","
              + "\"display_name\":\"Alice\"}}"
          : "{\"error\":\"unauthorized\",\"message\":\"no\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    ChatApi api = new ChatApi(URI.create(base));
    ChatApi.Session session = new ChatApi.Session("access", 900, "refresh-1", 2, "alice", "Alice");
    refresher = new TokenRefresher(api, session, new TokenStore(dir), base, retry);
    refresher.onExpired(expired::add);
  }

  /** A bound for a broken build, never a speed check. */
  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out");
      Thread.sleep(10);
    }
  }
}
