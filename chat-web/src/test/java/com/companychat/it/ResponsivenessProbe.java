package com.companychat.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What a load balancer and a user see while the server is under a storm: every 500 ms a
 * readiness check and an authenticated REST call, each of which must answer 200 within
 * {@link #BOUND}. A slow answer is measured, not cut short, so that a stall shows as a number.
 */
final class ResponsivenessProbe {
  /* Generous: a healthy server answers in milliseconds, a stalled one not at all. */
  static final Duration BOUND = Duration.ofSeconds(10);
  private static final long PERIOD_MS = 500;

  // Its own HTTP/1.1 client: the shared one may still pool connections to the killed process.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final long started = System.nanoTime();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile int calls;
  private volatile long maxMillis;

  private ResponsivenessProbe(URI base, String token) {
    this.base = base;
    this.token = token;
    this.thread = new Thread(this::run, "responsiveness-probe");
    thread.setDaemon(true);
  }

  static ResponsivenessProbe start(Api api, String token) {
    ResponsivenessProbe probe = new ResponsivenessProbe(api.base(), token);
    probe.thread.start();
    return probe;
  }

  /** Lets the probe go on until it has run for {@code millis} in all. */
  void runAtLeast(long millis) throws InterruptedException {
    long left = millis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (left > 0) {
      Thread.sleep(left);
    }
  }

  void stop() throws InterruptedException {
    stopped = true;
    thread.join(60_000);
  }

  /** Calls that failed, answered other than 200, or took longer than {@link #BOUND}. */
  List<String> problems() {
    return problems;
  }

  int calls() {
    return calls;
  }

  long maxMillis() {
    return maxMillis;
  }

  private void run() {
    while (!stopped) {
      call("health/ready", null);
      call("api/chat/users/", token);
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void call(String path, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    long sent = System.nanoTime();
    try {
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
      maxMillis = Math.max(maxMillis, millis);
      calls++;
      if (status != 200 || millis > BOUND.toMillis()) {
        problems.add(path + " answered " + status + " in " + millis + " ms");
      }
    } catch (java.io.IOException e) {
      problems.add(path + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }
}
