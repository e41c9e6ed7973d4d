package com.companychat.client;

import com.companychat.client.net.ChatApi;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * What the employee is told of an administrator's password reset (CONTRACT §6.7): who did it and
 * when, from the login answer, in the computer's time zone. The date and time are joined by
 * no-break spaces, so that a dialog wraps the sentence before them, not inside them.
 */
final class PasswordReset {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d\u00a0MMM\u00a0yyyy,\u00a0HH:mm", Locale.ENGLISH);

  private PasswordReset() {
  }

  /** "Your password was reset by acme-admin on 7 Dec 2026, 12:10.", if the login says who reset it. */
  static Optional<String> notice(ChatApi.Session session, ZoneId zone) {
    if (session.passwordResetBy() == null) {
      return Optional.empty();
    }
    String when = session.passwordResetAt() == null ? "" : " on " + WHEN.format(session.passwordResetAt().atZone(zone));
    return Optional.of("Your password was reset by " + session.passwordResetBy() + when + ".");
  }
}
