package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local cluster exactly as {@code bin/cluster} starts it for an admin: two Payara Micro
 * instances behind nginx, one PostgreSQL, one Redis. Everything goes through nginx; each
 * instance's own metrics tell where each socket landed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NginxClusterIT {
  static final Path RUN_DIR = Path.of("target", "nginx-cluster");

  Process cluster;
  /*
   * A Redis of its own: the login budgets live in Redis, and with a refill of one failure per
   * 1000 s an address's bucket outlives the run. On the machine's Redis the next run inherited
   * 127.0.0.2's spent budget and its first guess got 429.
   */
  RedisControl redis;
  int port;
  Api api;
  Fixture fixture;

  @BeforeAll
  void startCluster() throws Exception {
    Fixture.war();
    port = freePortRun(3);
    Path repository = Path.of(System.getProperty("chat.payara.config")).getParent();
    // The admin guide's block, as written (bash runs its one command in its own process).
    String block = guideBlock(repository.resolve("docs/admin-guide.md"), "cluster");
    assertEquals("bin/cluster\n", block, "the guide's §9 command changed: this suite runs it with its own variables");
    ProcessBuilder script = new ProcessBuilder("bash", "-e", "-c", block)
        .directory(repository.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(Files.createDirectories(RUN_DIR).resolve("bin-cluster.log").toFile()));
    Map<String, String> env = script.environment();
    env.put("CHAT_NO_BUILD", "1");
    env.put("CHAT_WAR", System.getProperty("chat.war"));
    env.put("CHAT_MICRO_JAR", System.getenv("MICRO_JAR"));
    env.put("CHAT_PORT", Integer.toString(port));
    env.put("CHAT_INSTANCES", "2");
    env.put("CHAT_DB_URL", System.getProperty("chat.it.db.url"));
    env.put("CHAT_DB_USER", System.getProperty("chat.it.db.user"));
    env.put("CHAT_DATA_DIR", RUN_DIR.resolve("data").toAbsolutePath().toString());
    env.put("CHAT_RUN_DIR", RUN_DIR.toAbsolutePath().toString());
    env.put("CHAT_ADMIN_USERNAME", Fixture.ADMIN);
    env.put("CHAT_ADMIN_PASSWORD", Fixture.ADMIN_PASSWORD);
    env.put("CHAT_DEMO", "0");
    redis = RedisControl.own("nginx-cluster");
    env.put("CHAT_REDIS_URL", redis.url());
    // Only nginx (which reaches the instances from 127.0.0.1) is a trusted proxy, so a client on
    // 127.0.0.4 that talks to an instance directly is not; an address earns back a failed login
    // only every 1000 s, so the limit bites after exactly 50 failures however slow the machine is.
    env.put("CHAT_JAVA_OPTS", "-Xmx384m -Dchat.password.iterations=10000 -Dchat.http.trusted-proxies=127.0.0.1/32"
        + " -Dchat.login.address-per-second=0.001");
    cluster = script.start();
    awaitThroughNginx();
    api = new Api(new URL("http://127.0.0.1:" + port + "/"));
    fixture = new Fixture(api);
  }

  @AfterAll
  void stopCluster() throws Exception {
    try {
      if (cluster == null) {
        return;
      }
      List<Path> logs = List.of(RUN_DIR.resolve("instance-1.log"), RUN_DIR.resolve("instance-2.log"));
      List<Long> before = new ArrayList<>();
      for (Path log : logs) {
        before.add(Files.size(log));
      }
      cluster.destroy();
      assertTrue(cluster.waitFor(60, TimeUnit.SECONDS), "bin/cluster stops on SIGTERM");
      for (int p = port; p < port + 3; p++) {
        assertTrue(closed(p), "nothing of the cluster listens any more on port " + p);
      }
      for (int i = 0; i < logs.size(); i++) {
        List<String> afterStop = Files.readString(logs.get(i)).substring(before.get(i).intValue()).lines().toList();
        assertEquals(List.of(), afterStop.stream().filter(NginxClusterIT::severeOrStackTrace).toList(),
            "a clean stop (Redis up) logged errors in " + logs.get(i));
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  /** The command block marked {@code <!-- guide-test: name -->} in the admin guide. */
  static String guideBlock(Path guide, String name) throws IOException {
    Matcher block = Pattern.compile("<!-- guide-test: " + Pattern.quote(name) + " -->\n```bash\n(.*?)```\n", Pattern.DOTALL)
        .matcher(Files.readString(guide));
    assertTrue(block.find(), guide + " has no block marked guide-test: " + name);
    return block.group(1);
  }

  /** A SEVERE record (JSON or the JVM's plain format) or a line of a stack trace. */
  static boolean severeOrStackTrace(String line) {
    return line.contains("\"Level\":\"SEVERE\"") || line.startsWith("SEVERE:") || line.contains("\"StackTrace\"")
        || line.startsWith("Exception in thread ") || line.startsWith("Caused by: ")
        || line.matches("\\s+at [\\w$.]+\\(.*\\)") || line.matches("[\\w$.]+(Exception|Error)(: .*)?");
  }

  @Test
  @Order(1)
  void aSocketConversationThroughNginxWithTheTwoUsersOnDifferentInstances() throws Exception {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);

    try (SocketClient onAlice = SocketClient.connect(api, alice.token())) {
      onAlice.settle();
      int aliceInstance = instanceHolding(1);
      SocketClient onBob = SocketClient.connect(api, bob.token());
      // Round robin sends the next upgrade to the other instance; retry if something came between.
      for (int attempt = 0; attempt < 6 && sockets(aliceInstance) == 2; attempt++) {
        onBob.close();
        awaitSockets(aliceInstance, 1);
        onBob = SocketClient.connect(api, bob.token());
      }
      try (SocketClient bobSocket = onBob) {
        bobSocket.settle();
        assertEquals(1, sockets(1), "one socket on instance 1");
        assertEquals(1, sockets(2), "one socket on instance 2");

        onAlice.send(Api.json("type", "chat_message", "receiver_id", bob.id(), "message", "through nginx",
            "client_msg_id", "n-1"));
        JsonObject echo = onAlice.await("chat_message");
        assertEquals(echo, bobSocket.await("chat_message"), "the receiver on the other instance got it");

        bobSocket.send(Api.json("type", "typing", "receiver_id", alice.id(), "is_typing", true));
        assertEquals(bob.id(), onAlice.await("typing_indicator").getJsonNumber("sender_id").longValue());

        bobSocket.send(Api.json("type", "mark_read", "sender_id", alice.id()));
        assertEquals(bob.id(), onAlice.await("messages_read").getJsonNumber("reader_id").longValue());

        Api.Reply rest = api.post("api/chat/send/", bob.token(), Api.json("receiver_id", alice.id(), "message", "via REST"));
        assertEquals(201, rest.status(), rest::toString);
        assertEquals("via REST", onAlice.await("chat_message", m -> m.getString("message").equals("via REST"))
            .getString("message"));
      }
    }
    String accessLog = Files.readString(RUN_DIR.resolve("nginx-access.log"));
    assertTrue(accessLog.contains("GET /ws/chat/\" 101"), "the upgrades went through nginx: " + accessLog);
    assertTrue(!accessLog.contains(alice.token()), "no token in nginx's log");
  }

  /** The template published nothing of monitoring to nginx's clients; the instances still answer. */
  @Test
  @Order(2)
  void metricsAndHealthAnswerOnTheInstancePortsOnlyNeverThroughNginx() throws Exception {
    for (String path : List.of("metrics", "metrics?scope=base", "metrics?scope=vendor", "metrics?scope=application",
        "metrics/application", "health", "health/ready", "health/live", "/metrics", "METRICS", "Health/Ready",
        "%6Detrics", "api/../metrics", "health?x=1")) {
      HttpResponse<String> viaNginx = get("http://127.0.0.1:" + port + "/" + path);
      assertEquals(404, viaNginx.statusCode(), path + " through nginx: " + viaNginx.body());
      assertTrue(viaNginx.body().contains("\"error\""), viaNginx.body());
    }
    for (int instance = 1; instance <= 2; instance++) {
      String own = "http://127.0.0.1:" + (port + instance) + "/";
      assertEquals(200, get(own + "health/ready").statusCode(), "instance " + instance + " answers its probe");
      HttpResponse<String> metrics = get(own + "metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.body().contains("chat_sockets_connected") && metrics.body().contains("jvm_uptime"),
          "every scope on the instance port");
    }
    assertEquals(401, get("http://127.0.0.1:" + port + "/api/auth/me").statusCode(), "the API still goes through");
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
        URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * nginx passes each client's address in X-Forwarded-For and the instances trust it from nginx:
   * one address (127.0.0.2) that guessed wrongly 50 times is held back on both instances, whatever
   * it writes into X-Forwarded-For itself (nginx appends the address it saw; the right-most
   * untrusted hop counts), while another client (127.0.0.3) still logs in through the same nginx.
   */
  @Test
  @Order(3)
  void oneAddressGuessingWronglyIsBlockedWhileAnotherClientStillLogsIn() throws Exception {
    Person carol = fixture.employee(fixture.company());
    for (int i = 0; i < 50; i++) {
      BoundHttp.Answer answer = wrongGuess("127.0.0.2", port, i);
      assertEquals(401, answer.status(), answer::toString);
    }
    for (int i = 50; i < 54; i++) {
      BoundHttp.Answer blocked = wrongGuess("127.0.0.2", port, i);
      assertEquals(429, blocked.status(), blocked::toString);
      assertEquals("rate_limited", blocked.error());
    }

    BoundHttp.Answer other = BoundHttp.post("127.0.0.3", port, "/api/auth/login",
        Api.json("username", carol.username(), "password", Fixture.PASSWORD).toString());
    assertEquals(200, other.status(), other::toString);
  }

  /**
   * A peer that is no trusted proxy (127.0.0.4, straight to an instance) cannot pick its address
   * in X-Forwarded-For: 50 guesses, each naming another address, spend its own budget.
   */
  @Test
  @Order(3)
  void aForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
    for (int i = 0; i < 50; i++) {
      BoundHttp.Answer answer = wrongGuess("127.0.0.4", port + 1, i);
      assertEquals(401, answer.status(), answer::toString);
    }
    BoundHttp.Answer blocked = wrongGuess("127.0.0.4", port + 1, 50);
    assertEquals(429, blocked.status(), blocked::toString);
    BoundHttp.Answer viaNginx = wrongGuess("127.0.0.5", port, 51);
    assertEquals(401, viaNginx.status(), "a fresh address through nginx is not held back: " + viaNginx);
  }

  /** A wrong password for an unknown user, with a spoofed X-Forwarded-For that differs each time. */
  private static BoundHttp.Answer wrongGuess(String from, int toPort, int i) throws IOException {
    return BoundHttp.post(from, toPort, "/api/auth/login",
        Api.json("username", Fixture.unique("nobody"), "password", "wrong-password").toString(),
        "X-Forwarded-For: 198.51.100." + (i % 250 + 1));
  }

  /**
   * A socket's ?token= is in no log, not even nginx's error log, which writes the request line
   * when an upstream fails: here every handshake is made while instance 2 is killed.
   */
  @Test
  @Order(4)
  void aQueryTokenIsInNoLogWhileAnInstanceIsDown() throws Exception {
    Person dave = fixture.employee(fixture.company());
    int instance2 = port + 2;
    ProcessHandle victim = cluster.descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("--port " + instance2))
        .findFirst().orElseThrow(() -> new AssertionError("no instance on port " + instance2));
    victim.destroyForcibly();
    victim.onExit().get(30, TimeUnit.SECONDS);

    for (int i = 0; i < 4; i++) {
      String path = i % 2 == 0 ? "/ws/chat/?token=" : "/ws/chat?x=1&token=";
      try (SocketClient socket = SocketClient.connect(URI.create("ws://127.0.0.1:" + port + path + dave.token()), null)) {
        socket.assertUsable();
      }
    }
    HttpResponse<String> rest = get("http://127.0.0.1:" + port + "/api/auth/me?token=" + dave.token());
    assertEquals(400, rest.statusCode(), "the API takes no token from the query: " + rest.body());
    assertTrue(rest.body().contains("\"error\":\"bad_request\""), rest.body());

    String errorLog = Files.readString(RUN_DIR.resolve("nginx-error.log"));
    assertTrue(errorLog.contains("while connecting to upstream"), "nginx logged the dead instance: " + errorLog);
    try (var files = Files.walk(RUN_DIR)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(!text.contains(dave.token()), "the token is in " + file);
      }
    }
  }

  /** The instance (1 or 2) that holds {@code count} sockets. */
  private int instanceHolding(int count) throws Exception {
    awaitSockets(0, count);
    return sockets(1) == count ? 1 : 2;
  }

  /** Waits until instance {@code instance} (0: the two together) holds {@code count} sockets. */
  private void awaitSockets(int instance, int count) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      int now = instance == 0 ? sockets(1) + sockets(2) : sockets(instance);
      if (now == count) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("instance " + instance + " never held " + count + " sockets");
  }

  private int sockets(int instance) throws Exception {
    return (int) PrometheusText.scrape("http://127.0.0.1:" + (port + instance) + "/").value("chat_sockets_connected");
  }

  private void awaitThroughNginx() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.currentTimeMillis() + 240_000;
    while (System.currentTimeMillis() < deadline) {
      if (!cluster.isAlive()) {
        throw new IllegalStateException("bin/cluster exited; see " + RUN_DIR.toAbsolutePath());
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/me"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 401 && Files.readString(RUN_DIR.resolve("bin-cluster.log")).contains("is running")) {
          return;
        }
      } catch (IOException notYet) {
        // nginx is not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the cluster did not start in time; see " + RUN_DIR.toAbsolutePath());
  }

  /** The first of {@code count} consecutive free ports. */
  private static int freePortRun(int count) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int first = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      boolean free = true;
      for (int p = first; p < first + count && free; p++) {
        try (ServerSocket s = new ServerSocket(p)) {
          s.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return first;
      }
    }
    throw new IllegalStateException("no free run of " + count + " ports");
  }

  private static boolean closed(int p) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      try (Socket ignored = new Socket("127.0.0.1", p)) {
        Thread.sleep(200);
      } catch (IOException refused) {
        return true;
      }
    }
    return false;
  }
}
