package com.companychat.it;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;

/**
 * One Payara Micro process running the real WAR, as an admin would start it: for the cluster
 * tests, which need several instances and the power to kill one with SIGKILL.
 */
final class MicroInstance implements AutoCloseable {
  private final String name;
  private final int port;
  private final Path log;
  private final List<String> microOptions = new ArrayList<>();
  private Process process;

  MicroInstance(String name) throws IOException {
    this.name = name;
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
    this.log = Path.of("target", "cluster-" + name + ".log");
  }

  /**
   * The configuration every test instance shares (the test database, data directory and platform
   * admin, a cheap password hash), followed by {@code extra} settings as {@code key=value}.
   */
  static String[] testConfig(String... extra) {
    List<String> config = new ArrayList<>(List.of(
        "chat.db.url=" + System.getProperty("chat.it.db.url"), "chat.db.user=" + System.getProperty("chat.it.db.user"),
        "chat.data.dir=" + System.getProperty("chat.it.data.dir"),
        "chat.admin.username=" + Fixture.ADMIN, "chat.admin.password=" + Fixture.ADMIN_PASSWORD,
        "chat.password.iterations=10000"));
    config.addAll(List.of(extra));
    return config.toArray(String[]::new);
  }

  /** Payara Micro command-line options beyond the port, the post-boot file and the deployment. */
  MicroInstance withMicroOptions(String... options) {
    microOptions.addAll(List.of(options));
    return this;
  }

  /** What the instance printed, standard output and error, since the first start. */
  Path log() {
    return log;
  }

  MicroInstance start(String... systemProperties) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
    for (String property : systemProperties) {
      command.add("-D" + property);
    }
    command.addAll(List.of("-jar", System.getenv("MICRO_JAR"), "--nocluster", "--port", Integer.toString(port),
        "--postbootcommandfile", System.getProperty("chat.payara.config") + "/post-boot-commands.asadmin",
        "--deploy", System.getProperty("chat.war")));
    command.addAll(microOptions);
    Files.createDirectories(log.getParent());
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return this;
  }

  /** Waits until the API answers (401 to an anonymous "me"). */
  MicroInstance awaitReady() throws Exception {
    // HTTP/1.1: an h2c upgrade sent while the server boots can leave a pooled connection stuck.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited; see " + log);
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base() + "api/auth/me"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 401) {
          return this;
        }
      } catch (IOException notYet) {
        // still booting
      }
      Thread.sleep(500);
    }
    process.destroyForcibly();
    throw new IllegalStateException(name + " did not start in time; see " + log);
  }

  String base() {
    return "http://127.0.0.1:" + port + "/";
  }

  Api api() throws Exception {
    return new Api(new URL(base()));
  }

  /** SIGKILL: no shutdown hook runs, nothing is cleaned up. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill9();
      }
    }
  }
}
