package com.companychat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 14: after {@code pg_terminate_backend} a REST send stalled 5 s, EclipseLink's
 * default pause before retrying a query on a broken connection. The persistence unit every
 * deployment uses must carry the short pause and a bounded number of retries: the worst case a
 * command can wait on retries is {@code ATTEMPTS * DELAY_MS}, whatever the machine's speed.
 */
class QuickRetriesTest {

  @Test
  void thePersistenceUnitRetriesBrokenConnectionsBrieflyAndBoundedly() {
    try (Database db = new Database("jdbc:h2:mem:quick-retries;DB_CLOSE_DELAY=-1", "sa", "")) {
      DatabaseLogin login = db.read(em -> (DatabaseLogin) em.unwrap(Session.class).getDatasourceLogin());
      assertEquals(QuickRetries.DELAY_MS, login.getDelayBetweenConnectionAttempts(), "pause before a retry, ms");
      assertEquals(QuickRetries.ATTEMPTS, login.getQueryRetryAttemptCount());
    }
  }
}
