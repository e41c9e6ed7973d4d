package com.companychat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.client.net.ChatApi;
import com.companychat.client.net.TokenStore;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging out against a server that hangs, then fails. */
class LogoutTest {
  @TempDir
  Path dir;

  @Test
  void theTokensAreForgottenFirstAndTheServerIsToldWithoutWaitingForIt() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/auth/logout", exchange -> {
      asked.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      TokenStore tokens = new TokenStore(dir);
      tokens.save(new TokenStore.Remembered(base, "alice", "refresh-1"));
      ChatApi api = new ChatApi(URI.create(base));
      api.useToken("access-1");

      Thread telling = Logout.perform(api, tokens);
      assertTrue(tokens.load().isEmpty(), "forgotten before the server answered");
      assertTrue(asked.await(10, TimeUnit.SECONDS), "the server is told");
      assertTrue(telling.isAlive(), "perform returned while the server still hangs");
      release.countDown();
      telling.join(10_000);
      assertTrue(tokens.load().isEmpty(), "a failed logout logs nobody back in");
      assertEquals(false, telling.isAlive());
    } finally {
      release.countDown();
      server.stop(0);
    }
  }
}
