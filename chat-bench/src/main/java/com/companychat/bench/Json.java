package com.companychat.bench;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;

/** The few JSON helpers the harness needs on top of JSON-P. */
public final class Json {
  private Json() {}

  public static JsonObjectBuilder object() {
    return jakarta.json.Json.createObjectBuilder();
  }

  public static JsonObject parseObject(String text) {
    try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  /** A map of counts as a JSON object. */
  public static JsonObject counts(java.util.Map<String, ? extends Number> counts) {
    JsonObjectBuilder json = object();
    counts.forEach((key, count) -> json.add(key, count.longValue()));
    return json.build();
  }

  /** Figures in summaries keep three decimals: enough for microseconds expressed in ms. */
  public static double round(double value) {
    return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : -1;
  }
}
