package com.companychat.accounts.control;

import com.companychat.accounts.entity.AdminAction;
import com.companychat.accounts.entity.Company;
import com.companychat.accounts.entity.Role;
import com.companychat.platform.ChatException;
import com.companychat.platform.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;

/**
 * The audit trail of administrator actions (CONTRACT §6.7): written in the transaction of the
 * action itself, so that no action goes unrecorded and no record names an action that failed.
 */
@ApplicationScoped
public class AuditTrail {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  private Database db;

  protected AuditTrail() {}

  @Inject
  public AuditTrail(Database db) {
    this.db = db;
  }

  /** One line of the trail as the API shows it. */
  public record Entry(long id, Instant at, long actorId, String actorUsername, String action,
      Long targetUserId, Long companyId) {

    static Entry of(AdminAction a) {
      return new Entry(a.id(), a.at(), a.actorId(), a.actorUsername(), a.action(), a.targetUserId(),
          a.companyId());
    }
  }

  /** Records, inside the caller's transaction, that {@code actor} did {@code action}. */
  static void record(EntityManager em, Caller actor, String action, Long targetUserId, Long companyId) {
    em.persist(new AdminAction(Instant.now(), actor.userId(), actor.username(), action, targetUserId,
        companyId));
  }

  /**
   * The newest actions with an id below {@code before}, newest first: of one company, or (the
   * platform admin only, {@code companyId} null) of all. A company admin sees their own company
   * only; another company's id reads as unknown.
   *
   * @throws ChatException {@code forbidden} for an employee, {@code not_found} for a company the
   *     caller does not administer, {@code bad_request} for a limit outside 1..200
   */
  public List<Entry> list(Caller caller, Long companyId, Long before, Integer limit) {
    if (caller.role() == Role.EMPLOYEE) {
      throw ChatException.forbidden("Only administrators may read the audit trail");
    }
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw ChatException.badRequest("limit must be 1 to " + MAX_LIMIT);
    }
    Long company = companyId != null || caller.isPlatformAdmin() ? companyId : caller.companyId();
    long below = before == null ? Long.MAX_VALUE : before;
    return db.read(em -> {
      var query = company == null
          ? em.createNamedQuery(AdminAction.ALL, AdminAction.class)
          : em.createNamedQuery(AdminAction.OF_COMPANY, AdminAction.class)
              .setParameter("companyId", visibleCompany(em, caller, company));
      return query.setParameter("before", below).setMaxResults(size).getResultStream()
          .map(Entry::of).toList();
    });
  }

  private static long visibleCompany(EntityManager em, Caller caller, long companyId) {
    boolean mine = caller.isPlatformAdmin() || (caller.companyId() != null && caller.companyId() == companyId);
    if (!mine || em.find(Company.class, companyId) == null) {
      throw ChatException.notFound("company");
    }
    return companyId;
  }
}
