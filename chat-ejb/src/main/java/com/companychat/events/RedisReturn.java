package com.companychat.events;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.BooleanSupplier;

/**
 * Notices Redis's return at once. Redisson reconnects by itself, but with a growing back-off
 * (up to 8 s between attempts): a bus that waits for it resumes up to 8 s after Redis is back,
 * and receivers get nothing meanwhile. Once told that Redis is away, this probes every
 * {@link #PROBE_MS} whether it accepts connections again and then runs {@code onReturn} until
 * that succeeds. Redis is not probed while it is there.
 */
final class RedisReturn implements AutoCloseable {
  static final int PROBE_MS = 250;

  private final String host;
  private final int port;
  private final BooleanSupplier onReturn;
  private final Thread thread;
  private volatile boolean away;
  private volatile boolean running = true;

  RedisReturn(RedisUrl url, BooleanSupplier onReturn) {
    this.host = url.host();
    this.port = url.port();
    this.onReturn = onReturn;
    this.thread = new Thread(this::watch, "chat-redis-return");
    thread.setDaemon(true);
    thread.start();
  }

  /** Redis was lost: watch for its return. */
  void away() {
    away = true;
  }

  boolean isAway() {
    return away;
  }

  Thread thread() {
    return thread;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }

  private void watch() {
    while (running) {
      try {
        Thread.sleep(PROBE_MS);
        if (away && accepts() && onReturn.getAsBoolean()) {
          away = false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // not back yet: the next probe tries again
      }
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), PROBE_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
