package com.companychat.realtime.control;

import com.companychat.accounts.control.AccountService;
import com.companychat.platform.SocketSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pings every open socket at the configured interval. A live client's WebSocket stack answers
 * with a pong; a socket that sent nothing, not even a pong, for the idle timeout is half-open
 * or dead and is closed, which takes its user offline. (This is the only idle timeout: the
 * container's is left off, see {@code ChatSocket}.) A socket the container no longer holds open
 * is unregistered here, should its close never have been reported.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class Keepalive {
  private static final Logger LOG = Logger.getLogger(Keepalive.class.getName());

  @Inject
  SocketRegistry sockets;

  @Inject
  SocketSettings settings;

  @Inject
  AccountService accounts;

  @Inject
  SocketLifecycle lifecycle;

  @Resource
  ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> pinging;

  @PostConstruct
  void start() {
    long period = settings.ping().toMillis();
    pinging = scheduler.scheduleAtFixedRate(() -> {
      try {
        round();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Keepalive round failed; next one in " + period + " ms", e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  private void round() {
    closeDeactivated();
    sockets.all().forEach(c -> {
      if (!c.isOpen()) {
        // Gone without the container ever reporting it (its client left during the handshake).
        lifecycle.end(c);
      } else if (c.silentFor(settings.idleTimeout())) {
        c.close(CloseReason.CloseCodes.GOING_AWAY, "no answer to pings");
      } else {
        c.ping();
      }
    });
  }

  /*
   * Deactivation closes sockets through an event; should that event be lost (Redis away at
   * that moment), this sweep closes them all the same, within one ping interval.
   */
  private void closeDeactivated() {
    List<Long> users = sockets.all().map(Connection::userId).distinct().toList();
    for (int from = 0; from < users.size(); from += 1000) {
      accounts.inactiveAmong(users.subList(from, Math.min(users.size(), from + 1000))).forEach(user ->
          sockets.ofUser(user).forEach(c -> c.close(CloseReason.CloseCodes.VIOLATED_POLICY, "account deactivated")));
    }
  }

  @PreDestroy
  void stop() {
    pinging.cancel(false);
  }
}
