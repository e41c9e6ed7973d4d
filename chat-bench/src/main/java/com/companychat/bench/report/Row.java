package com.companychat.bench.report;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** Reads a figure out of a summary by a dotted path ("e2e_ms.p99"), as text for a table cell. */
final class Row {
  private Row() {}

  static String cell(JsonObject summary, String path) {
    JsonValue value = find(summary, path);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return "–";
    }
    if (value instanceof JsonNumber) {
      double number = ((JsonNumber) value).doubleValue();
      return number == Math.rint(number) && Math.abs(number) < 1e15
          ? Long.toString((long) number) : String.format("%.2f", number);
    }
    return value.toString().replace("\"", "");
  }

  static double number(JsonObject summary, String path) {
    JsonValue value = find(summary, path);
    return value instanceof JsonNumber ? ((JsonNumber) value).doubleValue() : Double.NaN;
  }

  private static JsonValue find(JsonObject summary, String path) {
    JsonValue current = summary;
    for (String key : path.split("\\.")) {
      if (!(current instanceof JsonObject) || !((JsonObject) current).containsKey(key)) {
        return null;
      }
      current = ((JsonObject) current).get(key);
    }
    return current;
  }

  static String line(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }
}
