package com.companychat.accounts.control;

import com.companychat.platform.ChatSettings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * At deployment: the schema is migrated (by opening the database), the platform admin set from
 * {@code chat.admin.*}, and the demo company created when {@code chat.demo=true}.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class Bootstrap {
  private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());

  @Inject
  ChatSettings settings;

  @Inject
  AccountService accounts;

  @Inject
  DemoCompany demo;

  @PostConstruct
  void start() {
    accounts.ensurePlatformAdmin(settings.adminUsername(), settings.adminPassword());
    if (settings.demo()) {
      demo.ensure();
    }
    LOG.info("Company Chat started");
  }
}
