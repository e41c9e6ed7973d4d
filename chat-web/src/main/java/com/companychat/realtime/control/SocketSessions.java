package com.companychat.realtime.control;

import com.companychat.accounts.control.LoginSessions;
import com.companychat.events.ChatEvent;
import com.companychat.events.EventBus;
import com.companychat.platform.AccessTokens;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A socket lives as long as the login session and the access token it was opened with
 * (CONTRACT §6.7): it closes with 4401 when its token expires unrefreshed (an {@code auth} frame
 * with a fresh token of the same user extends it), and with 1008 when its session ends. The
 * end of a session arrives as an event from any instance; a sweep of the database closes the
 * sockets of sessions whose event was lost.
 */
@ApplicationScoped
public class SocketSessions {
  /** The close code of a socket whose access token expired (4000–4999: the application's). */
  public static final CloseReason.CloseCode TOKEN_EXPIRED = CloseReason.CloseCodes.getCloseCode(4401);
  private static final Logger LOG = Logger.getLogger(SocketSessions.class.getName());
  private static final long TICK_MS = 250;
  private static final int TICKS_PER_SESSION_SWEEP = 40;

  @Inject
  EventBus events;

  @Inject
  SocketRegistry sockets;

  @Inject
  AccessTokens tokens;

  @Inject
  LoginSessions sessions;

  @Resource
  ManagedScheduledExecutorService scheduler;

  private final Map<Connection, Lease> leases = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();
  private ScheduledFuture<?> ticking;
  private long ticks;

  /** The session a socket belongs to, and until when its token lets it live. */
  private static final class Lease {
    final String sessionId;
    volatile Instant expiresAt;

    Lease(String sessionId, Instant expiresAt) {
      this.sessionId = sessionId;
      this.expiresAt = expiresAt;
    }
  }

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    events.subscribe(this::deliver);
    ticking = scheduler.scheduleWithFixedDelay(this::tickSafely, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (ticking != null) {
      ticking.cancel(false);
    }
  }

  /** A socket opened with a token of {@code sessionId} that expires at {@code expiresAt}. */
  public void opened(Connection connection, String sessionId, Instant expiresAt) {
    leases.put(connection, new Lease(sessionId, expiresAt));
  }

  /**
   * The socket presents a new access token: valid now, of the same user, whose session is
   * live. Then the socket lives until that token's expiry; otherwise nothing changes.
   *
   * @return whether the token was accepted
   */
  public boolean extend(Connection connection, String token) {
    Lease lease = leases.get(connection);
    return lease != null && tokens.verify(token)
        .filter(t -> t.userId() == connection.userId())
        .filter(t -> sessions.authenticate(t.userId(), t.role(), t.sessionId())
            .filter(a -> !a.passwordChangeRequired()).isPresent())
        .map(t -> {
          lease.expiresAt = t.expiresAt().isAfter(lease.expiresAt) ? t.expiresAt() : lease.expiresAt;
          return true;
        }).orElse(false);
  }

  void deliver(ChatEvent event) {
    if (event instanceof ChatEvent.SessionsEnded ended) {
      for (Connection c : sockets.ofUser(ended.userId())) {
        Lease lease = leases.get(c);
        if (lease != null && c.companyId() == ended.companyId() && ended.ends(lease.sessionId)) {
          end(c, CloseReason.CloseCodes.VIOLATED_POLICY, "session ended");
        }
      }
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Socket session sweep failed; next one in " + TICK_MS + " ms", e);
    }
  }

  private void tick() {
    Instant now = clock.instant();
    leases.forEach((c, lease) -> {
      if (!c.isOpen()) {
        leases.remove(c);
      } else if (!now.isBefore(lease.expiresAt)) {
        end(c, TOKEN_EXPIRED, "access token expired");
      }
    });
    if (++ticks % TICKS_PER_SESSION_SWEEP == 0) {
      closeEndedSessions();
    }
  }

  /* The event of an ended session can be lost (Redis away): the database still says so. */
  private void closeEndedSessions() {
    Set<String> ids = leases.values().stream().map(l -> l.sessionId).filter(Objects::nonNull)
        .limit(10_000).collect(Collectors.toSet());
    var live = sessions.liveAmong(ids);
    leases.forEach((c, lease) -> {
      if (lease.sessionId != null && ids.contains(lease.sessionId) && !live.contains(lease.sessionId)) {
        end(c, CloseReason.CloseCodes.VIOLATED_POLICY, "session ended");
      }
    });
  }

  private void end(Connection connection, CloseReason.CloseCode code, String reason) {
    leases.remove(connection);
    connection.close(code, reason);
  }
}
