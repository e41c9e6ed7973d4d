package com.companychat.bench.socket;

import com.companychat.bench.Concurrently;
import com.companychat.bench.provision.BenchUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/** Opens many authenticated sockets with a bounded number of handshakes in flight. */
public final class Connector {
  private final HttpClient http;
  private final int parallel;

  public Connector(HttpClient http, int parallel) {
    this.http = http;
    this.parallel = parallel;
  }

  /** What a batch of handshakes achieved. */
  public record Connected(List<BenchSocket> sockets, int failed, long elapsedNanos) {
    public double perSecond() {
      return sockets.size() / (elapsedNanos / 1e9);
    }
  }

  /** The socket URI of a server given by its HTTP base, e.g. {@code http://h:8080/}. */
  public static URI socketUri(URI base) {
    String scheme = base.getScheme().equals("https") ? "wss" : "ws";
    return URI.create(scheme + "://" + base.getHost() + ":" + base.getPort() + "/ws/chat/");
  }

  /**
   * Opens socket i for {@code users.get(i)} at {@code uriOf.apply(i)}; a failed handshake is
   * counted, not thrown, and leaves a {@code null} in its place.
   */
  public Connected connect(List<BenchUser> users, IntFunction<URI> uriOf, FrameListener listener)
      throws InterruptedException {
    long start = System.nanoTime();
    List<CompletableFuture<BenchSocket>> futures = Concurrently.run(users.size(), parallel,
        i -> open(users.get(i), uriOf.apply(i), listener));
    long elapsed = System.nanoTime() - start;
    List<BenchSocket> sockets = new ArrayList<>(users.size());
    int failed = 0;
    for (CompletableFuture<BenchSocket> future : futures) {
      BenchSocket socket = future.handle((s, e) -> e == null ? s : null).join();
      failed += socket == null ? 1 : 0;
      sockets.add(socket);
    }
    return new Connected(sockets, failed, elapsed);
  }

  public CompletableFuture<BenchSocket> open(BenchUser user, URI uri, FrameListener listener) {
    BenchSocket socket = new BenchSocket(user, listener);
    return http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + user.accessToken())
        .connectTimeout(Duration.ofSeconds(30))
        .buildAsync(uri, socket)
        .thenApply(ws -> {
          socket.attach(ws);
          return socket;
        });
  }
}
