package com.companychat.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One {@link Database} per application, opened on first use and closed at undeploy. */
@ApplicationScoped
public class DatabaseProducer {

  @Produces
  @Singleton
  Database database(ChatSettings settings) {
    return Database.open(settings);
  }

  void close(@Disposes Database database) {
    database.close();
  }
}
