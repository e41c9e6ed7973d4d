package com.companychat.ear;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The REST API as any client sees it: JSON over HTTP/1.1 with a bearer token. */
final class RestClient {
  /* HTTP/1.1: over h2c the JDK client can stall on a body the server refuses unread. */
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private final URI base;

  RestClient(URI base) {
    this.base = base;
  }

  /** A status and its JSON body (JSON null when the body is empty). */
  record Reply(int status, String text) {
    JsonValue json() {
      if (text.isBlank()) {
        return JsonValue.NULL;
      }
      try (var reader = Json.createReader(new StringReader(text))) {
        return reader.readValue();
      }
    }

    JsonObject object() {
      return json().asJsonObject();
    }

    JsonArray array() {
      return json().asJsonArray();
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  Reply get(String path, String token) throws IOException, InterruptedException {
    return send(request(path, token).GET());
  }

  Reply post(String path, String token, JsonObject body) throws IOException, InterruptedException {
    return send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json");
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private static Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }
}
