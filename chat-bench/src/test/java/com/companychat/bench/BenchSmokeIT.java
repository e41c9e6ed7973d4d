package com.companychat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's regression guard: a short {@code rate} run against the real WAR on PostgreSQL.
 * Correctness only — every message acknowledged and received exactly once, the summary parses —
 * because timings on a shared build machine mean nothing; the figures live in bin/bench.
 */
class BenchSmokeIT {
  private static final String ADMIN_PASSWORD = "bench-smoke-admin-pw";
  private static MicroServer server;

  @BeforeAll
  static void startServer() throws Exception {
    String url = System.getProperty("chat.bench.it.db.url");
    String user = System.getProperty("chat.bench.it.db.user");
    recreateDatabase(url, user);
    server = new MicroServer().start(List.of(
        "chat.db.url=" + url, "chat.db.user=" + user,
        "chat.admin.username=admin", "chat.admin.password=" + ADMIN_PASSWORD,
        "chat.data.dir=" + System.getProperty("chat.bench.it.data.dir"),
        "chat.rate.messages-per-second=1000", "chat.rate.burst=2000",
        // Provisioning speed only: 1,024 is PBKDF2's floor in Jakarta Security.
        "chat.password.iterations=1024"))
        .awaitReady(Duration.ofMinutes(4));
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shortRateRunDeliversEveryMessageExactlyOnce() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = BenchMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        "--scenario", "rate", "--base", server.base(), "--rate", "200", "--pairs", "20",
        "--duration", "3s", "--warmup", "0s", "--drain", "20s",
        "--admin-user", "admin", "--admin-password", ADMIN_PASSWORD);
    String line = out.toString(StandardCharsets.UTF_8).trim();
    assertEquals(0, exit, line);
    assertFalse(line.contains("\n"), "one summary line: " + line);

    JsonObject summary = Json.parseObject(line);
    int sent = summary.getInt("sent");
    assertEquals(600, sent, line);
    assertEquals(sent, summary.getInt("acked"), line);
    assertEquals(sent, summary.getInt("received"), line);
    assertEquals(0, summary.getInt("lost"), line);
    assertEquals(0, summary.getInt("duplicated"), line);
    assertEquals(0, summary.getInt("errors"), line);
    assertEquals(0, summary.getInt("closed_sockets"), line);
    assertTrue(summary.getJsonObject("e2e_ms").getJsonNumber("p99").doubleValue() >= 0, line);
  }

  /**
   * The client scenario, short: the real client (through bin/chat-client) logs in, receives every
   * message, opens every conversation, and the summary carries its RSS and time to the login window.
   * Figures are not judged here (the machine is shared); that they were measured is.
   */
  @Test
  void shortClientRunReceivesEveryMessageAndOpensEveryConversation() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = BenchMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        "--scenario", "client", "--base", server.base(), "--conversations", "5", "--messages", "100",
        "--rate", "100", "--duration", "2s", "--client-launcher", System.getProperty("chat.bench.client.launcher"),
        "--client-jar", System.getProperty("chat.bench.client.jar"), "--client-cache", "target/client-cache",
        "--admin-user", "admin", "--admin-password", ADMIN_PASSWORD);
    String line = out.toString(StandardCharsets.UTF_8).trim();
    assertEquals(0, exit, line);
    JsonObject summary = Json.parseObject(line);
    assertEquals(100, summary.getInt("messages_acked"), line);
    assertEquals(100, summary.getInt("unread_seen"), "every message reached the client's list: " + line);
    assertEquals(5, summary.getInt("conversations_opened"), line);
    for (String rss : List.of("rss_logged_in_mib", "rss_opened_mib", "rss_end_mib")) {
      assertTrue(summary.getJsonNumber(rss).doubleValue() > 0, rss + " read from /proc: " + line);
    }
    assertTrue(summary.getJsonNumber("login_window_ms").longValue() > 0, line);
  }

  /** A fresh database each run: migrations from zero, nothing left from the last smoke. */
  private static void recreateDatabase(String url, String user) throws Exception {
    String database = url.substring(url.lastIndexOf('/') + 1);
    String admin = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (Connection connection = DriverManager.getConnection(admin, user, "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + database);
    }
  }
}
