package com.companychat.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real server for the client's end-to-end tests: the WAR on Payara Micro, demo company, H2.
 * One per test run ({@link #shared()}), stopped when the JVM exits.
 */
final class TestServer implements AutoCloseable {
  /** Short-lived access tokens: a client that did not refresh its token fails the tests. */
  static final int ACCESS_TOKEN_SECONDS = 20;
  private static TestServer shared;

  static synchronized TestServer shared() throws Exception {
    if (shared == null) {
      // A directory of its own: a server left over by an interrupted run cannot lock this one.
      Path data = Path.of("target", "client-it-data-" + ProcessHandle.current().pid()).toAbsolutePath();
      deleteRecursively(data);
      java.nio.file.Files.createDirectories(data);
      shared = new TestServer(data).start();
      TestServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.stop();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    return shared;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (java.nio.file.Files.exists(dir)) {
      try (var paths = java.nio.file.Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.delete(p);
        }
      }
    }
  }
  /**
   * A server of its own with extra settings ({@code -Dname=value}), e.g. a send limit that a test
   * reaches on purpose; stop it when done.
   */
  static TestServer own(String name, String... settings) throws Exception {
    Path data = Path.of("target", "client-it-" + name + "-" + ProcessHandle.current().pid()).toAbsolutePath();
    deleteRecursively(data);
    java.nio.file.Files.createDirectories(data);
    return new TestServer(data, List.of(settings)).start();
  }

  private final int port;
  private final Path dataDir;
  private final List<String> settings;
  private Process process;

  TestServer(Path dataDir) throws IOException {
    this(dataDir, List.of());
  }

  TestServer(Path dataDir, List<String> settings) throws IOException {
    this.dataDir = dataDir;
    this.settings = settings;
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  TestServer start() throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-Dchat.demo=true", "-Dchat.jwt.access-token-seconds=" + ACCESS_TOKEN_SECONDS, "-Dchat.data.dir=" + dataDir, "-Dchat.password.iterations=10000"));
    settings.forEach(s -> command.add("-D" + s));
    command.addAll(List.of("-jar", System.getProperty("payara.micro.jar"), "--nocluster", "--port", Integer.toString(port),
        "--deploy", System.getProperty("chat.war")));
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()))
        .start();
    // HTTP/1.1: an h2c upgrade sent while the server boots can leave a pooled connection stuck.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        int status = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/auth/me"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 401) {
          return this;
        }
      } catch (IOException notYet) {
        // booting
      }
      Thread.sleep(500);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the server did not start; see " + dataDir + ".log");
  }

  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
