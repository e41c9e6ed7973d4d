package com.companychat.presence.control;

import com.companychat.events.ChatEvent;
import com.companychat.platform.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The presence of a company's users as the database has it: what an instance re-reads when
 * announcements may have been lost on their way between instances (Redis was away), so that its
 * sockets are told the changes they missed. Users who were never online are left out.
 */
@ApplicationScoped
public class PresenceSnapshot {
  private static final String QUERY = "SELECT s.userId, u.username, s.online, s.version"
      + " FROM OnlineStatus s, UserAccount u WHERE u.id = s.userId AND u.companyId = :company AND s.version > 0";

  private Database db;

  protected PresenceSnapshot() {}

  @Inject
  public PresenceSnapshot(Database db) {
    this.db = db;
  }

  /** Every user of the company who was ever online, with their current state and its version. */
  public List<ChatEvent.PresenceChanged> of(long companyId) {
    return db.read(em -> em.createQuery(QUERY, Object[].class).setParameter("company", companyId)
        .getResultList().stream()
        .map(row -> new ChatEvent.PresenceChanged(companyId, ((Number) row[0]).longValue(), (String) row[1],
            (Boolean) row[2], ((Number) row[3]).longValue()))
        .toList());
  }
}
