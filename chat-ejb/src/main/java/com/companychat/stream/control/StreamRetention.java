package com.companychat.stream.control;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Prunes the event stream in the background, hourly: what is older than {@link EventLog#RETENTION}. */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class StreamRetention {
  private static final Logger LOG = Logger.getLogger(StreamRetention.class.getName());

  @Inject
  EventLog log;

  @Schedule(hour = "*", minute = "17", persistent = false)
  void prune() {
    try {
      int pruned = log.prune(Instant.now().minus(EventLog.RETENTION));
      LOG.fine(() -> "Pruned " + pruned + " stream entries older than " + EventLog.RETENTION);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not prune the event stream; retrying in an hour", e);
    }
  }
}
