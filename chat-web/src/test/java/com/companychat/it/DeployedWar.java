package com.companychat.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A suite against the real WAR, deployed by Arquillian to Payara Micro once for all such suites
 * ({@link SuiteDeployment}), used as a client would.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class DeployedWar {

  @ArquillianResource
  URL url;

  Api api;
  Fixture fixture;

  @BeforeEach
  void connect() {
    api = new Api(url);
    fixture = new Fixture(api);
  }
}
