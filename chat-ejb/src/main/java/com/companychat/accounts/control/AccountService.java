package com.companychat.accounts.control;

import com.companychat.accounts.entity.Company;
import com.companychat.accounts.entity.RefreshToken;
import com.companychat.accounts.entity.Role;
import com.companychat.accounts.entity.UserAccount;
import com.companychat.events.ChatEvent;
import com.companychat.events.EventBus;
import com.companychat.platform.ChatException;
import com.companychat.platform.Database;
import com.companychat.presence.entity.OnlineStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Provisioning (CONTRACT §3): companies for the platform admin, people for the platform admin and
 * for company admins inside their own company. Nothing here ever reads a message.
 */
@ApplicationScoped
public class AccountService {
  private static final Logger LOG = Logger.getLogger(AccountService.class.getName());
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,63}");

  private Database db;
  private PasswordHashing passwords;
  private EventBus events;

  protected AccountService() {}

  @Inject
  public AccountService(Database db, PasswordHashing passwords, EventBus events) {
    this.db = db;
    this.passwords = passwords;
    this.events = events;
  }

  public record CompanyView(long id, String name) {}

  public record CompanySummary(long id, String name, long userCount) {}

  public record NewUser(String username, String password, String displayName, Role role) {}

  /** A partial update: null fields stay as they are. */
  public record UserChanges(Boolean active, String displayName, String password, Role role) {}

  /**
   * The caller a token speaks for, if the account still exists, is active and still has the role
   * the token was issued with; otherwise the token no longer counts.
   */
  public Optional<Caller> caller(long userId, String tokenRole) {
    return db.read(em -> Optional.ofNullable(em.find(UserAccount.class, userId)))
        .filter(UserAccount::isActive)
        .filter(u -> u.role().name().equals(tokenRole))
        .map(Caller::of);
  }

  /** Which of these users are deactivated (or gone): their sockets must not stay open. */
  public java.util.Set<Long> inactiveAmong(java.util.Collection<Long> userIds) {
    if (userIds.isEmpty()) {
      return java.util.Set.of();
    }
    return db.read(em -> {
      java.util.Set<Long> active = new java.util.HashSet<>(em.createQuery(
              "SELECT u.id FROM UserAccount u WHERE u.id IN :ids AND u.active = TRUE", Long.class)
          .setParameter("ids", userIds).getResultList());
      java.util.Set<Long> inactive = new java.util.HashSet<>(userIds);
      inactive.removeAll(active);
      return inactive;
    });
  }

  public CompanyView createCompany(Caller caller, String name) {
    requirePlatformAdmin(caller);
    String clean = requireText(name, "name", 100);
    try {
      return db.transaction(em -> {
        if (!em.createNamedQuery(Company.BY_NAME_KEY, Company.class)
            .setParameter("key", Company.keyOf(clean)).getResultList().isEmpty()) {
          throw ChatException.conflict("A company with that name exists");
        }
        Company company = new Company(clean);
        em.persist(company);
        em.flush();
        AuditTrail.record(em, caller, "company_created", null, company.id());
        return new CompanyView(company.id(), company.name());
      });
    } catch (RuntimeException e) {
      throw Database.isUniqueViolation(e) ? ChatException.conflict("A company with that name exists") : e;
    }
  }

  public List<CompanySummary> companies(Caller caller) {
    requirePlatformAdmin(caller);
    return db.read(em -> {
      Map<Long, Long> counts = em.createNamedQuery(UserAccount.COUNT_BY_COMPANY, Object[].class)
          .getResultList().stream()
          .collect(Collectors.toMap(r -> (Long) r[0], r -> ((Number) r[1]).longValue()));
      return em.createNamedQuery(Company.ALL, Company.class).getResultList().stream()
          .map(c -> new CompanySummary(c.id(), c.name(), counts.getOrDefault(c.id(), 0L))).toList();
    });
  }

  /**
   * Creates an employee or company admin in a company the caller administers.
   *
   * @throws ChatException {@code not_found} for a company the caller may not see,
   *     {@code conflict} for a username taken in any company, {@code bad_request} for bad fields
   */
  public MemberView createUser(Caller caller, long companyId, NewUser request) {
    requireAdmin(caller);
    String username = requireUsername(request.username());
    String hash = passwords.hash(requirePassword(request.password()));
    String displayName = request.displayName() == null
        ? username : requireText(request.displayName(), "display_name", 100);
    Role role = requireMemberRole(request.role() == null ? Role.EMPLOYEE : request.role());
    try {
      return db.transaction(em -> {
        Company company = administeredCompany(em, caller, companyId);
        if (AuthService.byUsernameKey(em, UserAccount.keyOf(username)).isPresent()) {
          throw ChatException.conflict("That username is taken");
        }
        UserAccount user = new UserAccount(company.id(), username, displayName, role, hash);
        em.persist(user);
        em.flush();
        em.persist(new OnlineStatus(user.id()));
        AuditTrail.record(em, caller, "user_created", user.id(), company.id());
        LOG.info(() -> "User " + user.id() + " created in company " + company.id());
        return MemberView.of(user, company, null);
      });
    } catch (RuntimeException e) {
      throw Database.isUniqueViolation(e) ? ChatException.conflict("That username is taken") : e;
    }
  }

  public List<MemberView> users(Caller caller, long companyId) {
    requireAdmin(caller);
    return db.read(em -> {
      Company company = administeredCompany(em, caller, companyId);
      List<UserAccount> people = em.createNamedQuery(UserAccount.OF_COMPANY, UserAccount.class)
          .setParameter("companyId", company.id()).getResultList();
      Map<Long, OnlineStatus> status = people.isEmpty() ? Map.of()
          : em.createNamedQuery(OnlineStatus.OF_USERS, OnlineStatus.class)
              .setParameter("ids", people.stream().map(UserAccount::id).toList())
              .getResultList().stream()
              .collect(Collectors.toMap(OnlineStatus::userId, Function.identity()));
      return people.stream().map(u -> MemberView.of(u, company,
          Optional.ofNullable(status.get(u.id())).flatMap(OnlineStatus::lastSeen).orElse(null)))
          .toList();
    });
  }

  /**
   * Changes a member of a company the caller administers. Deactivation revokes the member's
   * logins and closes their sockets; a new password revokes their logins.
   */
  public MemberView updateUser(Caller caller, long userId, UserChanges changes) {
    requireAdmin(caller);
    String hash = changes.password() == null ? null : passwords.hash(requirePassword(changes.password()));
    String displayName = changes.displayName() == null
        ? null : requireText(changes.displayName(), "display_name", 100);
    Role role = changes.role() == null ? null : requireMemberRole(changes.role());
    if (userId == caller.userId() && (Boolean.FALSE.equals(changes.active())
        || (role != null && role != caller.role()))) {
      throw ChatException.badRequest("Administrators cannot deactivate or demote themselves");
    }
    MemberView updated = db.transaction(em -> {
      UserAccount user = em.find(UserAccount.class, userId);
      if (user == null || user.companyId() == null || !mayAdminister(caller, user.companyId())) {
        throw ChatException.notFound("user");
      }
      Company company = em.find(Company.class, user.companyId());
      audit(em, caller, user, changes.active(), displayName, hash, role);
      apply(em, caller, user, changes.active(), displayName, hash, role);
      OnlineStatus status = em.find(OnlineStatus.class, user.id());
      return MemberView.of(user, company, status == null ? null : status.lastSeen().orElse(null));
    });
    if (Boolean.FALSE.equals(changes.active())) {
      LOG.info(() -> "User " + userId + " deactivated");
      events.publish(new ChatEvent.UserDeactivated(updated.companyId(), userId));
    } else if (hash != null) {
      events.publish(new ChatEvent.SessionsEnded(updated.companyId(), userId, null, null));
    }
    return updated;
  }

  /**
   * Creates or updates the platform admin from {@code chat.admin.*}. Without a password the
   * account keeps no hash, so nobody can log in as it.
   */
  public void ensurePlatformAdmin(String username, Optional<String> password) {
    String hash = password.map(passwords::hash).orElse(null);
    try {
      db.transactionVoid(em -> upsertPlatformAdmin(em, username, hash));
    } catch (RuntimeException e) {
      if (!Database.isUniqueViolation(e)) {
        throw e;
      }
      // Another instance of the cluster created it at the same moment: update theirs.
      db.transactionVoid(em -> upsertPlatformAdmin(em, username, hash));
    }
  }

  private static void upsertPlatformAdmin(EntityManager em, String username, String hash) {
    Optional<UserAccount> existing = AuthService.byUsernameKey(em, UserAccount.keyOf(username));
    if (existing.isEmpty()) {
      em.persist(new UserAccount(null, username, "Platform administrator", Role.PLATFORM_ADMIN, hash));
      em.flush();
    } else if (existing.get().role() == Role.PLATFORM_ADMIN) {
      existing.get().changePasswordHash(hash);
      existing.get().setActive(true);
    } else {
      LOG.severe(() -> "chat.admin.username '" + username + "' belongs to a company member; "
          + "no platform admin was set up");
    }
  }

  /** One audit line per kind of change, before the change (so that "activated" means a change). */
  private static void audit(EntityManager em, Caller caller, UserAccount user, Boolean active,
      String displayName, String hash, Role role) {
    if (active != null && active != user.isActive()) {
      AuditTrail.record(em, caller, active ? "user_activated" : "user_deactivated", user.id(), user.companyId());
    }
    if (displayName != null) {
      AuditTrail.record(em, caller, "user_renamed", user.id(), user.companyId());
    }
    if (role != null && role != user.role()) {
      AuditTrail.record(em, caller, "role_changed", user.id(), user.companyId());
    }
    if (hash != null) {
      AuditTrail.record(em, caller, "password_reset", user.id(), user.companyId());
    }
  }

  /*
   * A password an admin sets on someone else's account is one-time (CONTRACT §6.7): an admin
   * must not be able to log in as an employee unnoticed.
   */
  private static void apply(EntityManager em, Caller caller, UserAccount user, Boolean active,
      String displayName, String hash, Role role) {
    if (displayName != null) {
      user.rename(displayName);
    }
    if (role != null) {
      user.changeRole(role);
    }
    if (active != null) {
      user.setActive(active);
    }
    if (hash != null && user.id() == caller.userId()) {
      user.choosePasswordHash(hash);
    } else if (hash != null) {
      user.resetPasswordHash(hash, caller.username(), OffsetDateTime.now(ZoneOffset.UTC));
    }
    if (hash != null || Boolean.FALSE.equals(active)) {
      em.createNamedQuery(RefreshToken.REVOKE_USER)
          .setParameter("now", Instant.now().atOffset(ZoneOffset.UTC))
          .setParameter("userId", user.id())
          .executeUpdate();
    }
  }

  /** The company, if the caller administers it; another company's id reads as unknown. */
  private static Company administeredCompany(EntityManager em, Caller caller, long companyId) {
    Company company = mayAdminister(caller, companyId) ? em.find(Company.class, companyId) : null;
    if (company == null) {
      throw ChatException.notFound("company");
    }
    return company;
  }

  /**
   * Whether the caller administers that company: the platform admin all, a company admin their
   * own. For an admin, the answer "no" reads as "not found".
   */
  private static boolean mayAdminister(Caller caller, long companyId) {
    return caller.isPlatformAdmin() || (caller.role() == Role.COMPANY_ADMIN && caller.companyId() == companyId);
  }

  /** Employees are refused before anything is looked up, so they learn nothing about ids. */
  private static void requireAdmin(Caller caller) {
    if (caller.role() == Role.EMPLOYEE) {
      throw ChatException.forbidden("Only administrators may do this");
    }
  }

  private static void requirePlatformAdmin(Caller caller) {
    if (!caller.isPlatformAdmin()) {
      throw ChatException.forbidden("Only the platform administrator may do this");
    }
  }

  private static Role requireMemberRole(Role role) {
    if (!role.isCompanyMember()) {
      throw ChatException.badRequest("role must be EMPLOYEE or COMPANY_ADMIN");
    }
    return role;
  }

  private static String requireUsername(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw ChatException.badRequest(
          "username must be 3 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return username;
  }

  static String requirePassword(String password) {
    if (password == null || password.length() < 8 || password.length() > 128) {
      throw ChatException.badRequest("password must be 8 to 128 characters");
    }
    return password;
  }

  static String requireText(String value, String field, int max) {
    if (value == null || value.isBlank()) {
      throw ChatException.badRequest(field + " must not be empty");
    }
    String clean = value.strip();
    if (clean.length() > max || clean.chars().anyMatch(Character::isISOControl)) {
      throw ChatException.badRequest(field + " must be at most " + max + " printable characters");
    }
    return clean;
  }
}
