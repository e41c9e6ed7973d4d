package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 10,000 unauthenticated upgrade attempts (RELIABILITY-CASES 6; Tyrus #791): each is refused
 * with 401 before any 101 (how fast is printed, not asserted); afterwards the server answers as before, announced nobody
 * online, and holds no more threads or file descriptors than before the flood.
 */
class HandshakeFloodIT extends DeployedWar {
  static final int ATTEMPTS = 10_000;
  static final int CONCURRENCY = 8;
  static final int WARM_UP = 400;
  /** Pools and caches may settle a little differently; a leak of one per attempt would be thousands. */
  static final int SLACK = 40;

  @Test
  void tenThousandUnauthenticatedUpgradesAreEachRefusedAndLeaveNothingBehind() throws Exception {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    String[] authorizations = {null, "Bearer garbage", "Bearer " + Tokens.algNone(
        Tokens.claims(alice.id(), alice.username(), "EMPLOYEE").build()), "Bearer " + expiredToken(alice)};
    String host = api.base().getHost();
    int port = api.base().getPort();
    ServerProcess server = ServerProcess.listeningOn(port).orElseThrow(
        () -> new AssertionError("the Payara Micro process on port " + port + " was not found"));

    try (SocketClient watcher = SocketClient.connect(api, bob.token())) {
      watcher.settle();
      flood(host, port, authorizations, WARM_UP);
      int threadsBefore = server.threads();
      long fdsBefore = server.fileDescriptors();

      long started = System.nanoTime();
      long[] latencies = flood(host, port, authorizations, ATTEMPTS);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      Arrays.sort(latencies);
      long p99 = TimeUnit.NANOSECONDS.toMillis(latencies[ATTEMPTS * 99 / 100]);
      long max = TimeUnit.NANOSECONDS.toMillis(latencies[ATTEMPTS - 1]);
      System.out.printf("HandshakeFlood: %d refused with 401 in %d s, p50 %d ms, p99 %d ms, max %d ms%n",
          ATTEMPTS, seconds, TimeUnit.NANOSECONDS.toMillis(latencies[ATTEMPTS / 2]), p99, max);
      // The latencies are measured and reported, not asserted: how fast a refusal is depends on the
      // machine (issue 11 item 12). What must hold at any speed is asserted: every attempt got 401
      // (flood), nothing was kept, nobody was announced, the server serves as before.

      assertSettlesTo(server, threadsBefore, fdsBefore);
      watcher.expectNone("user_status", f -> f.getJsonNumber("user_id").longValue() == alice.id(), 200);
      assertFalse(api.get("api/chat/users/", bob.token()).array().getValuesAs(JsonObject.class).stream()
          .filter(u -> u.getJsonNumber("id").longValue() == alice.id()).findFirst().orElseThrow()
          .getBoolean("is_online"), "no session was opened for the forged identity");
      try (SocketClient real = SocketClient.connect(api, alice.token())) {
        real.assertUsable();
        watcher.await("user_status", f -> f.getJsonNumber("user_id").longValue() == alice.id());
      }
      watcher.assertUsable();
      assertEquals(200, api.get("health/ready", null).status());
    }
  }

  /** Every attempt refused with 401; returns each attempt's time in nanoseconds. */
  private static long[] flood(String host, int port, String[] authorizations, int attempts) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      List<Future<long[]>> workers = new ArrayList<>();
      for (int w = 0; w < CONCURRENCY; w++) {
        int worker = w;
        workers.add(pool.submit(() -> {
          long[] times = new long[attempts / CONCURRENCY];
          for (int i = 0; i < times.length; i++) {
            String authorization = authorizations[(worker + i) % authorizations.length];
            String path = i % 5 == 0 ? "/ws/chat/?token=garbage" : i % 7 == 0 ? "/ws/chat" : "/ws/chat/";
            long start = System.nanoTime();
            int status = RawSocket.upgradeStatus(host, port, path, authorization);
            times[i] = System.nanoTime() - start;
            assertEquals(401, status, "attempt " + i + " with " + authorization + " on " + path);
          }
          return times;
        }));
      }
      long[] all = new long[0];
      for (Future<long[]> worker : workers) {
        long[] times = worker.get(120, TimeUnit.SECONDS);
        long[] merged = Arrays.copyOf(all, all.length + times.length);
        System.arraycopy(times, 0, merged, all.length, times.length);
        all = merged;
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertSettlesTo(ServerProcess server, int threads, long fds) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (server.threads() > threads + SLACK || server.fileDescriptors() > fds + SLACK) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("threads " + threads + " -> " + server.threads()
            + ", file descriptors " + fds + " -> " + server.fileDescriptors());
      }
      Thread.sleep(250);
    }
    System.out.printf("HandshakeFlood: threads %d -> %d, file descriptors %d -> %d%n",
        threads, server.threads(), fds, server.fileDescriptors());
  }

  private static String expiredToken(Person who) throws Exception {
    return Tokens.signedByServer(Tokens.claims(who.id(), who.username(), "EMPLOYEE")
        .issueTime(Date.from(Instant.now().minusSeconds(7200)))
        .expirationTime(Date.from(Instant.now().minusSeconds(3600))).build());
  }
}
