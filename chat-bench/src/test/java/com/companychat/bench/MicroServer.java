package com.companychat.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One Payara Micro running the real WAR, started the way bin/bench starts it. */
final class MicroServer implements AutoCloseable {
  private final int port;
  private final Path log = Path.of("target", "bench-smoke-server.log");
  private Process process;

  MicroServer() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
  }

  MicroServer start(List<String> systemProperties) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
    systemProperties.forEach(p -> command.add("-D" + p));
    command.addAll(List.of("-jar", System.getProperty("chat.bench.micro.jar"), "--nocluster",
        "--port", Integer.toString(port), "--postbootcommandfile",
        System.getProperty("chat.bench.payara.config") + "/post-boot-commands.asadmin",
        "--deploy", System.getProperty("chat.bench.war")));
    Files.createDirectories(log.getParent());
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    return this;
  }

  /** Waits until the API answers (401 to an anonymous "me"). */
  MicroServer awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Payara Micro exited; see " + log.toAbsolutePath());
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base() + "api/auth/me"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 401) {
          return this;
        }
      } catch (IOException stillBooting) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Payara Micro did not start in " + timeout + "; see " + log.toAbsolutePath());
  }

  String base() {
    return "http://127.0.0.1:" + port + "/";
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
