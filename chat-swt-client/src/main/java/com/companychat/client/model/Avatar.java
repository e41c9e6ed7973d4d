package com.companychat.client.model;

import java.util.Locale;

/** An initials avatar: up to two letters of the name, and a colour that is the same on every start. */
public final class Avatar {
  private Avatar() {
  }

  /** "Alice Johnson" → "AJ", "bob" → "B". */
  public static String initials(String displayName) {
    StringBuilder out = new StringBuilder();
    for (String part : displayName.strip().split("\\s+")) {
      if (!part.isEmpty() && out.length() < 2) {
        out.appendCodePoint(part.codePointAt(0));
      }
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }

  /** Which of {@code palette} colours: from the username. */
  public static int colour(String username, int palette) {
    return Math.floorMod(username.hashCode(), palette); // String.hashCode is specified: stable across runs
  }
}
