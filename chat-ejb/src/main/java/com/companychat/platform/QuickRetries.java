package com.companychat.platform;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink retries a read that failed on a broken connection, up to 3 times, and sleeps
 * {@code DatabaseLogin.delayBetweenConnectionAttempts} before the second retry: 5000 ms by
 * default. After {@code pg_terminate_backend} the pool still holds other dead connections, so
 * a REST send stalled 5 s. The pool hands out a fresh connection at once, so the pause is short.
 */
public class QuickRetries implements SessionCustomizer {
  static final int DELAY_MS = 100;
  static final int ATTEMPTS = 3;

  @Override
  public void customize(Session session) {
    if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
      login.setDelayBetweenConnectionAttempts(DELAY_MS);
      login.setQueryRetryAttemptCount(ATTEMPTS);
    }
  }
}
