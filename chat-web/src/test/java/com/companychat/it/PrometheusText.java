package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The application metrics of one instance, read from {@code /metrics} as Prometheus scrapes them. */
final class PrometheusText {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final Map<String, Double> samples;
  private final String text;

  private PrometheusText(String text) {
    this.text = text;
    this.samples = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
  }

  static PrometheusText scrape(String base) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "metrics?scope=application"))
        .header("Accept", "text/plain").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r::body);
    return new PrometheusText(r.body());
  }

  /** The sample of that name in the application scope (labels as the server writes them), or -1. */
  double value(String name) {
    return value(name, "");
  }

  /** @param labels extra labels before the scope, e.g. {@code quantile="0.99",} */
  double value(String name, String labels) {
    return samples.getOrDefault(name + "{" + labels + "mp_scope=\"application\"}", -1.0);
  }

  /** A summary's quantile in the application scope, whatever the order of its labels, or -1. */
  double quantile(String name, String quantile) {
    return samples.entrySet().stream()
        .filter(e -> e.getKey().startsWith(name + "{") && e.getKey().contains("quantile=\"" + quantile + "\"")
            && e.getKey().contains("mp_scope=\"application\""))
        .mapToDouble(Map.Entry::getValue).findFirst().orElse(-1);
  }

  @Override
  public String toString() {
    return text;
  }
}
