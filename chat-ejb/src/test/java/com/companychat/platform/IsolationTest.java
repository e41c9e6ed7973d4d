package com.companychat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/*
 * A send reads its users' previous message ids after waiting for their row locks; under
 * REPEATABLE READ the snapshot would predate that wait and miss the message just committed, and
 * delivery would skip its gap read. The pool therefore pins READ COMMITTED whatever the
 * database's default.
 */
class IsolationTest {

  @Test
  void transactionsReadCommittedEvenWhenTheDatabaseDefaultsToRepeatableRead() {
    try (TestDatabases.Postgres pg = TestDatabases.freshPostgres()) {
      TestDatabases.execute("ALTER DATABASE " + pg.name() + " SET default_transaction_isolation TO 'repeatable read'");
      try (Database db = new Database(pg.url(), pg.user(), null)) {
        assertEquals("read committed", db.transaction(em ->
            em.createNativeQuery("SELECT current_setting('transaction_isolation')").getSingleResult()));
        assertEquals("read committed", db.read(em ->
            em.createNativeQuery("SELECT current_setting('transaction_isolation')").getSingleResult()));
      }
    }
  }
}
