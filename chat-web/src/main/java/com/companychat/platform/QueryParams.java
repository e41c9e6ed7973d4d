package com.companychat.platform;

/** Query parameters read strictly: "abc" for a number is a 400, not a silent default. */
public final class QueryParams {
  private QueryParams() {}

  public static Integer optionalInt(String name, String value) {
    Long parsed = optionalLong(name, value);
    if (parsed != null && (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE)) {
      throw ChatException.badRequest(name + " is out of range");
    }
    return parsed == null ? null : parsed.intValue();
  }

  public static Long optionalLong(String name, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ChatException.badRequest(name + " must be an integer");
    }
  }
}
