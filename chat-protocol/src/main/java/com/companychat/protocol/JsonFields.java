package com.companychat.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Strict reading of a JSON object's fields: a field of the wrong JSON type is an error, never
 * coerced (no "123" for 123). Every failure is a {@code bad_request} naming the field.
 */
public final class JsonFields {
  private final JsonObject object;

  private JsonFields(JsonObject object) {
    this.object = object;
  }

  /** @throws ProtocolException {@code bad_request} unless {@code body} is a JSON object */
  public static JsonFields of(JsonValue body) {
    if (!(body instanceof JsonObject object)) {
      throw ProtocolException.badRequest("A JSON object is required");
    }
    return new JsonFields(object);
  }

  public long requiredLong(String name) {
    Long value = optionalLong(name);
    if (value == null) {
      throw missing(name);
    }
    return value;
  }

  public Long optionalLong(String name) {
    JsonValue value = present(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
      throw wrongType(name, "an integer");
    }
    try {
      return number.longValueExact();
    } catch (ArithmeticException e) {
      throw wrongType(name, "an integer");
    }
  }

  public String requiredString(String name) {
    String value = optionalString(name);
    if (value == null) {
      throw missing(name);
    }
    return value;
  }

  public String optionalString(String name) {
    JsonValue value = present(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonString string)) {
      throw wrongType(name, "a string");
    }
    return string.getString();
  }

  public boolean requiredBoolean(String name) {
    Boolean value = optionalBoolean(name);
    if (value == null) {
      throw missing(name);
    }
    return value;
  }

  public Boolean optionalBoolean(String name) {
    JsonValue value = present(name);
    if (value == null) {
      return null;
    }
    return switch (value.getValueType()) {
      case TRUE -> true;
      case FALSE -> false;
      default -> throw wrongType(name, "true or false");
    };
  }

  /** The field's value, or null when it is absent or JSON null. */
  private JsonValue present(String name) {
    JsonValue value = object.get(name);
    return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
  }

  private static ProtocolException missing(String name) {
    return ProtocolException.badRequest(name + " is required");
  }

  private static ProtocolException wrongType(String name, String expected) {
    return ProtocolException.badRequest(name + " must be " + expected);
  }
}
