package com.companychat.presence.control;

import com.companychat.accounts.control.Caller;
import com.companychat.accounts.entity.UserAccount;
import com.companychat.events.ChatEvent;
import com.companychat.events.EventBus;
import com.companychat.platform.Database;
import com.companychat.presence.entity.OnlineStatus;
import com.companychat.presence.entity.ServerInstance;
import com.companychat.presence.entity.SocketPresence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Presence across the cluster: a user is online while any live instance holds a socket of
 * theirs. {@code user_status} is announced on the first open and the last close only; an
 * instance that stops heartbeating for {@link #STALE_AFTER} is swept by the survivors, so its
 * users go offline within 30 s of a {@code kill -9}.
 */
@ApplicationScoped
public class PresenceService {
  public static final Duration HEARTBEAT = Duration.ofSeconds(5);
  public static final Duration STALE_AFTER = Duration.ofSeconds(20);
  private static final Logger LOG = Logger.getLogger(PresenceService.class.getName());

  /** The sockets this instance holds, per user: what it registers again after being swept. */
  private final java.util.concurrent.ConcurrentMap<Long, Held> local = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean beaten;

  private Database db;
  private EventBus events;
  private String instance;
  private Clock clock;

  private record Held(Caller caller, int sockets) {}

  protected PresenceService() {}

  @Inject
  public PresenceService(Database db, EventBus events, InstanceIdentity identity) {
    this(db, events, identity.id(), Clock.systemUTC());
  }

  public PresenceService(Database db, EventBus events, String instance, Clock clock) {
    this.db = db;
    this.events = events;
    this.instance = instance;
    this.clock = clock;
  }

  /** A socket of the caller opened on this instance. */
  public void opened(Caller caller) {
    db.transaction(em -> register(em, caller, 1)).ifPresent(events::publish);
    local.compute(caller.userId(), (id, held) -> new Held(caller, held == null ? 1 : held.sockets() + 1));
  }

  /** A socket of the caller on this instance closed. */
  public void closed(Caller caller) {
    local.computeIfPresent(caller.userId(), (id, held) -> held.sockets() <= 1 ? null
        : new Held(held.caller(), held.sockets() - 1));
    Optional<ChatEvent> change = db.transaction(em -> {
      lockStatus(em, caller.userId());
      SocketPresence row = presenceRow(em, caller.userId());
      if (row.add(-1) == 0) {
        em.remove(row);
      }
      em.flush();
      return offlineIfNoSockets(em, caller.userId());
    });
    change.ifPresent(events::publish);
  }

  /**
   * Refreshes this instance's heartbeat; called every {@link #HEARTBEAT}. An instance that was
   * swept as dead while it was only stalled (a long pause, the database away) finds its row
   * gone: it registers its open sockets again, and their users come back online.
   */
  public void heartbeat() {
    boolean swept = db.transaction(em -> {
      ServerInstance self = em.find(ServerInstance.class, instance);
      if (self == null) {
        em.persist(new ServerInstance(instance, clock.instant()));
        return beaten;
      }
      self.beat(clock.instant());
      return false;
    });
    beaten = true;
    if (swept) {
      LOG.warning("This instance was taken for dead; registering its sockets again");
      local.values().forEach(held -> db.transaction(em -> register(em, held.caller(), held.sockets()))
          .ifPresent(events::publish));
    }
  }

  /** Counts {@code sockets} more sockets of the caller here; the change to announce, if any. */
  private Optional<ChatEvent> register(EntityManager em, Caller caller, int sockets) {
    OnlineStatus status = lockStatus(em, caller.userId());
    presenceRow(em, caller.userId()).add(sockets);
    if (status.isOnline()) {
      return Optional.empty();
    }
    status.markOnline(clock.instant());
    return Optional.of(new ChatEvent.PresenceChanged(caller.company(), caller.userId(), caller.username(), true,
        status.version()));
  }

  /** Removes instances that stopped heartbeating, and takes their users offline. */
  public void sweep() {
    List<ServerInstance> stale = db.read(em -> em.createNamedQuery(ServerInstance.STALE, ServerInstance.class)
        .setParameter("cutoff", clock.instant().minus(STALE_AFTER).atOffset(java.time.ZoneOffset.UTC))
        .setParameter("self", instance).getResultList());
    for (ServerInstance dead : stale) {
      LOG.warning(() -> "Instance " + dead.id() + " stopped heartbeating; its sockets are gone");
      forget(dead.id());
    }
  }

  /** At shutdown: this instance's sockets are gone. */
  public void leave() {
    forget(instance);
  }

  private void forget(String instanceId) {
    List<Long> users = db.read(em -> em.createNamedQuery(SocketPresence.OF_INSTANCE, SocketPresence.class)
        .setParameter("instance", instanceId).getResultList().stream().map(SocketPresence::userId).toList());
    List<ChatEvent> changes = new ArrayList<>();
    for (Long user : users) {
      db.transaction(em -> {
        lockStatus(em, user);
        SocketPresence row = em.find(SocketPresence.class, new SocketPresence.Key(instanceId, user));
        if (row != null) {
          em.remove(row);
          em.flush();
        }
        return offlineIfNoSockets(em, user);
      }).ifPresent(changes::add);
    }
    db.transactionVoid(em -> {
      ServerInstance gone = em.find(ServerInstance.class, instanceId);
      if (gone != null) {
        em.remove(gone);
      }
    });
    changes.forEach(events::publish);
  }

  private Optional<ChatEvent> offlineIfNoSockets(EntityManager em, long userId) {
    long live = ((Number) em.createNamedQuery(SocketPresence.LIVE_SOCKETS)
        .setParameter("user", userId)
        .setParameter("cutoff", clock.instant().minus(STALE_AFTER).atOffset(java.time.ZoneOffset.UTC))
        .getSingleResult()).longValue();
    OnlineStatus status = em.find(OnlineStatus.class, userId);
    if (live > 0 || !status.isOnline()) {
      return Optional.empty();
    }
    status.markOffline(clock.instant());
    UserAccount user = em.find(UserAccount.class, userId);
    return Optional.of(new ChatEvent.PresenceChanged(user.companyId(), userId, user.username(), false,
        status.version()));
  }

  /** The user's status row, locked: presence changes of one user are serialised cluster-wide. */
  private static OnlineStatus lockStatus(EntityManager em, long userId) {
    OnlineStatus status = em.find(OnlineStatus.class, userId, LockModeType.PESSIMISTIC_WRITE);
    if (status == null) {
      status = new OnlineStatus(userId);
      em.persist(status);
      em.flush();
    }
    return status;
  }

  private SocketPresence presenceRow(EntityManager em, long userId) {
    SocketPresence row = em.find(SocketPresence.class, new SocketPresence.Key(instance, userId));
    if (row == null) {
      row = new SocketPresence(instance, userId);
      em.persist(row);
    }
    return row;
  }
}
