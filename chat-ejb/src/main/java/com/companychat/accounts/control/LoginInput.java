package com.companychat.accounts.control;

import com.companychat.platform.ChatException;

/**
 * The length caps a login's fields must meet before any work is done on them (no lookup, no
 * throttle entry, no hash): a username may have at most {@value #MAX_USERNAME} characters, a
 * password at most {@value #MAX_PASSWORD}. Longer ones are refused with {@code bad_request}.
 * No account has longer ones (accounts are created with at most 64 and 128; the caps leave room
 * for the configured platform admin), and a longer password would only make PBKDF2 work for an
 * attacker.
 */
public final class LoginInput {
  public static final int MAX_USERNAME = 100;
  public static final int MAX_PASSWORD = 1024;

  private LoginInput() {}

  /** @throws ChatException {@code bad_request} for a username or password over its cap */
  public static void validate(String username, String password) {
    if (username.length() > MAX_USERNAME) {
      throw ChatException.badRequest("username is longer than " + MAX_USERNAME + " characters");
    }
    if (password.length() > MAX_PASSWORD) {
      throw ChatException.badRequest("password is longer than " + MAX_PASSWORD + " characters");
    }
  }
}
