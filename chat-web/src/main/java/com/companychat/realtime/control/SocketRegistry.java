package com.companychat.realtime.control;

import com.companychat.events.EventBus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The sockets open on this instance, by user and by company. The bus is told when this instance
 * starts and stops holding sockets of a company, so that it hears only the companies it serves.
 */
@ApplicationScoped
public class SocketRegistry {
  @Inject
  EventBus events;

  private final ConcurrentMap<Long, Set<Connection>> byUser = new ConcurrentHashMap<>();
  private final ConcurrentMap<Long, Set<Connection>> byCompany = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();

  public void add(Connection connection) {
    if (byUser.computeIfAbsent(connection.userId(), k -> ConcurrentHashMap.newKeySet()).add(connection)) {
      open.incrementAndGet();
    }
    byCompany.compute(connection.companyId(), (company, set) -> {
      if (set == null) {
        set = ConcurrentHashMap.newKeySet();
        events.watchCompany(company);
      }
      set.add(connection);
      return set;
    });
  }

  public void remove(Connection connection) {
    byUser.computeIfPresent(connection.userId(), (user, set) -> {
      if (set.remove(connection)) {
        open.decrementAndGet();
      }
      return set.isEmpty() ? null : set;
    });
    byCompany.computeIfPresent(connection.companyId(), (company, set) -> {
      set.remove(connection);
      if (!set.isEmpty()) {
        return set;
      }
      events.unwatchCompany(company);
      return null;
    });
  }

  public Collection<Connection> ofUser(long userId) {
    Set<Connection> set = byUser.get(userId);
    return set == null ? List.of() : set;
  }

  public Collection<Connection> ofCompany(long companyId) {
    Set<Connection> set = byCompany.get(companyId);
    return set == null ? List.of() : set;
  }

  /** Every socket open on this instance. */
  public Stream<Connection> all() {
    return byUser.values().stream().flatMap(Set::stream);
  }

  /** How many sockets are open on this instance. */
  public int count() {
    return open.get();
  }
}
