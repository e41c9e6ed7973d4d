package com.companychat.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A plain HTTP client of the REST API, as any third-party client would be: JSON in, JSON out. */
public final class Api {
  /*
   * HTTP/1.1 as curl and the desktop client speak it. (Over an h2c connection the JDK client
   * stalls on a body the server refuses unread: HTTP/2 flow control, not a server answer.)
   */
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private final URI base;

  /** The WAR is served at context root "/" (CONTRACT §1), whatever name Arquillian gave it. */
  public Api(URL deployment) {
    this.base = URI.create(deployment.getProtocol() + "://" + deployment.getAuthority() + "/");
  }

  public URI base() {
    return base;
  }

  /** One answer: status, headers and the parsed JSON body (JSON null when empty). */
  public record Reply(int status, HttpResponse<String> raw, JsonValue body) {
    public JsonObject object() {
      return body.asJsonObject();
    }

    public JsonArray array() {
      return body.asJsonArray();
    }

    public String error() {
      return object().getString("error");
    }

    public Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }

  public Reply get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Reply post(String path, String token, String json) {
    return send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply post(String path, String token, JsonObject json) {
    return post(path, token, json.toString());
  }

  public Reply patch(String path, String token, JsonObject json) {
    return send(request(path, token).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json.toString())));
  }

  public Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response, parse(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
        .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static JsonValue parse(String body) {
    if (body == null || body.isBlank()) {
      return JsonValue.NULL;
    }
    try (var reader = Json.createReader(new StringReader(body))) {
      JsonStructure structure = reader.read();
      return structure;
    } catch (RuntimeException e) {
      throw new AssertionError("The server answered something that is not JSON: " + body, e);
    }
  }

  /**
   * A socket frame as a §5 client compares it: without its {@code seq}, which is per user
   * (CONTRACT §6.1) and absent from a repeat's acknowledgment, which is no new event.
   */
  public static JsonObject withoutSeq(JsonObject frame) {
    return Json.createObjectBuilder(frame).remove("seq").build();
  }

  public static JsonObject json(Object... keyValues) {
    var builder = Json.createObjectBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      Object value = keyValues[i + 1];
      String key = (String) keyValues[i];
      if (value == null) {
        builder.addNull(key);
      } else if (value instanceof Integer n) {
        builder.add(key, n);
      } else if (value instanceof Long n) {
        builder.add(key, n);
      } else if (value instanceof Boolean b) {
        builder.add(key, b);
      } else {
        builder.add(key, value.toString());
      }
    }
    return builder.build();
  }
}
