package com.companychat.bench.provision;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** JSON over HTTP to one server, asynchronously, on the harness's shared client. */
public final class RestClient {
  private final HttpClient http;
  private final URI base;

  /** @param base the server's root, e.g. {@code http://127.0.0.1:8080/} */
  public RestClient(HttpClient http, String base) {
    this.http = http;
    this.base = URI.create(base.endsWith("/") ? base : base + "/");
  }

  public record Response(int status, String body) {}

  public CompletableFuture<Response> post(String path, String token, String json) {
    return send(request(path, token).POST(HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/json").build());
  }

  public CompletableFuture<Response> get(String path, String token) {
    return send(request(path, token).GET().build());
  }

  public URI base() {
    return base;
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private CompletableFuture<Response> send(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Response(r.statusCode(), r.body()));
  }
}
