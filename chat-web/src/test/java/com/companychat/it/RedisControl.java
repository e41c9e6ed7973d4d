package com.companychat.it;

import java.io.IOException;
import java.net.Socket;

/** Stops and starts this machine's Redis (127.0.0.1:6379) for fault tests, as bin/test starts it. */
final class RedisControl {
  private RedisControl() {}

  static void stop() throws Exception {
    run("redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave");
    for (int i = 0; i < 50 && reachable(); i++) {
      Thread.sleep(100);
    }
  }

  static void start() throws Exception {
    run("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
        "--save", "", "--appendonly", "no", "--dir", "/tmp", "--logfile", "/tmp/chat-it-redis.log");
    for (int i = 0; i < 100 && !reachable(); i++) {
      Thread.sleep(100);
    }
    if (!reachable()) {
      throw new IllegalStateException("Redis did not come back");
    }
  }

  /** Publishes {@code text} on a channel as another instance would (Redisson topics are plain channels). */
  static void publish(String channel, String text) throws Exception {
    new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", "6379", "publish", channel, text)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start().waitFor();
  }

  private static boolean reachable() {
    try (Socket ignored = new Socket("127.0.0.1", 6379)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(String... command) throws Exception {
    new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
