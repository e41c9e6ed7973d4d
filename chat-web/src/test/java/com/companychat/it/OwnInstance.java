package com.companychat.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A suite against a Payara Micro process of its own rather than Arquillian's shared deployment:
 * for settings the others must not see, faults that would disturb them, or a look at its log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OwnInstance {
  MicroInstance server;
  Api api;
  Fixture fixture;

  /** The instance, named and with its Payara Micro options; the base starts it. */
  abstract MicroInstance instance() throws Exception;

  /** Its settings as {@code key=value}, usually {@link MicroInstance#testConfig}. */
  abstract String[] settings();

  @BeforeAll
  void startOwnInstance() throws Exception {
    Fixture.war();
    server = instance().start(settings()).awaitReady();
    api = server.api();
    fixture = new Fixture(api);
  }

  @AfterAll
  void stopOwnInstance() throws Exception {
    if (server != null) {
      server.close();
    }
  }
}
