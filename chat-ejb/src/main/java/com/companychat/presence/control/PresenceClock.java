package com.companychat.presence.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Drives presence: heartbeats this instance and sweeps dead ones every 5 s. */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class PresenceClock {
  private static final Logger LOG = Logger.getLogger(PresenceClock.class.getName());

  @Inject
  PresenceService presence;

  @PostConstruct
  void start() {
    presence.heartbeat();
  }

  @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
  void tick() {
    try {
      presence.heartbeat();
      presence.sweep();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Presence heartbeat failed; retrying in 5 s", e);
    }
  }

  @PreDestroy
  void stop() {
    try {
      presence.leave();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not clear this instance's presence at shutdown", e);
    }
  }
}
