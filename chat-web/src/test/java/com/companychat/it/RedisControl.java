package com.companychat.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Redis of a fault test's own: a redis-server process on a free port that the test stops and
 * starts again, so that no other suite's Redis (bin/test's, on 6379) is disturbed. Nothing is
 * saved to disk: a restarted server is empty, as after a crash.
 */
final class RedisControl implements AutoCloseable {
  private final int port;
  private final Path log;
  private Process process;

  private RedisControl(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  /** Starts a redis-server on a free port; its output goes to {@code target/redis-NAME.log}. */
  static RedisControl own(String name) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RedisControl redis = new RedisControl(port, Path.of("target", "redis-" + name + ".log"));
    redis.start();
    return redis;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Stops the server (SIGTERM, no save) and waits until the port refuses connections. */
  void stop() throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    for (int i = 0; i < 50 && reachable(); i++) {
      Thread.sleep(100);
    }
  }

  /** Starts the server on the same port and waits until it accepts connections. */
  void start() throws Exception {
    Files.createDirectories(log.getParent());
    process = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
        "--save", "", "--appendonly", "no", "--dir", "/tmp")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    for (int i = 0; i < 100 && !reachable(); i++) {
      Thread.sleep(100);
    }
    if (!reachable()) {
      throw new IllegalStateException("Redis did not start; see " + log);
    }
  }

  @Override
  public void close() throws Exception {
    stop();
  }

  /** Publishes {@code text} on bin/test's Redis (6379) as another instance would (Redisson topics are plain channels). */
  static void publish(String channel, String text) throws Exception {
    new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", "6379", "publish", channel, text)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start().waitFor();
  }

  private boolean reachable() {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
