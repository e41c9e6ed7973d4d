package com.companychat.it;

import org.eu.ingwar.tools.arquillian.extension.suite.annotations.ArquillianSuiteDeployment;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one deployment every {@link DeployedWar} suite shares: the arquillian-suite-extension
 * (configured in arquillian.xml) deploys it before the first suite and undeploys it after the
 * last, so Payara Micro boots once per run rather than once per class. Suites therefore share
 * one server's memory (budgets, presence, sockets) as they share one database: each works with
 * companies, people and addresses of its own.
 */
@ArquillianSuiteDeployment
public class SuiteDeployment {

  @Deployment(testable = false)
  public static WebArchive deployment() {
    return Fixture.war();
  }
}
