package com.companychat.it;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client of a reconnect storm. It holds a JDK WebSocket (all clients share one
 * {@link HttpClient}: its selector thread serves every socket, there is no thread per client),
 * counts a connection as live only once a {@code ping} got its {@code pong}, and after any close
 * or failure tries again with exponential backoff and full jitter, never giving up until
 * {@link #stop()}. The backoff doubles from 2 s to a 10 s cap like the desktop client's
 * {@code Backoff}; full jitter (a uniform delay over the whole window) is what keeps thousands
 * of clients that lost the server at the same instant from returning at the same instant.
 */
final class StormClient {
  static final Duration FIRST_WINDOW = Duration.ofSeconds(2);
  static final Duration CAP = Duration.ofSeconds(10);
  private static final String PING = "{\"type\":\"ping\"}";

  private final HttpClient http;
  private final URI uri;
  private final String token;
  private final ScheduledExecutorService timer;
  private final ConcurrentMap<String, LongAdder> failures;
  private final AtomicInteger lives = new AtomicInteger();
  private int failuresInARow;
  private volatile boolean stopped;
  private volatile WebSocket socket;
  private volatile long liveAttemptNanos;

  /** @param failures where each failed attempt is counted by kind ("refused", "http 503", …) */
  StormClient(HttpClient http, URI uri, String token, ScheduledExecutorService timer,
      ConcurrentMap<String, LongAdder> failures) {
    this.http = http;
    this.uri = uri;
    this.token = token;
    this.timer = timer;
    this.failures = failures;
  }

  void connect() {
    if (stopped) {
      return;
    }
    long attempt = System.nanoTime();
    Session session = new Session(attempt);
    http.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(Duration.ofSeconds(10))
        .buildAsync(uri, session)
        .whenComplete((ws, error) -> {
          if (error != null) {
            session.over(kindOf(error));
          }
        });
  }

  /** How many connections of this client were confirmed live by a pong, since it was created. */
  int lives() {
    return lives.get();
  }

  /** Whether the current connection is open and answered its ping. */
  boolean isLive() {
    WebSocket ws = socket;
    return ws != null && !ws.isInputClosed() && !ws.isOutputClosed();
  }

  /** {@link System#nanoTime()} when the attempt that made the current live connection began. */
  long liveAttemptNanos() {
    return liveAttemptNanos;
  }

  /** Stops reconnecting and closes the socket without waiting for the server's answer. */
  void stop() {
    stopped = true;
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
  }

  private synchronized void retryLater() {
    if (stopped) {
      return;
    }
    failuresInARow++;
    long window = Math.min(CAP.toMillis(), FIRST_WINDOW.toMillis() << Math.min(failuresInARow - 1, 10));
    timer.schedule(this::connect, ThreadLocalRandom.current().nextLong(window + 1), TimeUnit.MILLISECONDS);
  }

  private synchronized void live(WebSocket ws, long attemptNanos) {
    failuresInARow = 0;
    liveAttemptNanos = attemptNanos;
    socket = ws;
    lives.incrementAndGet();
  }

  /** What went wrong with an attempt: the HTTP status of a refused upgrade, or the network error. */
  static String kindOf(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && !(cause instanceof IOException)) {
      cause = cause.getCause();
    }
    if (cause instanceof WebSocketHandshakeException refused) {
      return "http " + refused.getResponse().statusCode();
    }
    if (cause instanceof ConnectException) {
      return "refused";
    }
    if (cause instanceof HttpTimeoutException) {
      return "timeout";
    }
    return cause.getClass().getSimpleName();
  }

  /** The callbacks of one connection; the JDK calls them one at a time. */
  private final class Session implements WebSocket.Listener {
    private final long attemptNanos;
    private final StringBuilder text = new StringBuilder();
    private final AtomicBoolean over = new AtomicBoolean();
    private boolean ponged;

    Session(long attemptNanos) {
      this.attemptNanos = attemptNanos;
    }

    @Override
    public void onOpen(WebSocket ws) {
      if (over.get()) {
        ws.abort();
        return;
      }
      ws.sendText(PING, true);
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        if (!ponged && text.indexOf("\"pong\"") >= 0) {
          ponged = true;
          live(ws, attemptNanos);
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      ended("close " + statusCode);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      ended(kindOf(error));
    }

    /*
     * One retry per attempt, whichever reports first: a handshake that timed out may still open
     * (and is then dropped), and a live socket that ends is the storm's trigger, not a failure.
     */
    private void ended(String how) {
      over(ponged ? null : "ended before pong: " + how);
    }

    void over(String failure) {
      if (over.compareAndSet(false, true) && !stopped) {
        if (failure != null) {
          failures.computeIfAbsent(failure, k -> new LongAdder()).increment();
        }
        retryLater();
      }
    }
  }

  /** Failure counts by kind as they are now. */
  static Map<String, Long> snapshot(Map<String, LongAdder> failures) {
    Map<String, Long> copy = new java.util.TreeMap<>();
    failures.forEach((kind, count) -> copy.put(kind, count.sum()));
    return copy;
  }

  /** Failure counts by kind, for a report line. */
  static String describe(Map<String, LongAdder> failures) {
    StringBuilder line = new StringBuilder();
    failures.forEach((kind, count) -> line.append(line.length() == 0 ? "" : ", ").append(kind).append('=').append(count));
    return line.length() == 0 ? "none" : line.toString();
  }
}
