package com.companychat.accounts.control;

import com.companychat.accounts.entity.RefreshToken;
import com.companychat.accounts.entity.UserAccount;
import com.companychat.events.ChatEvent;
import com.companychat.events.EventBus;
import com.companychat.platform.ChatException;
import com.companychat.platform.Database;
import com.companychat.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.ZoneOffset;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Whether a verified access token still speaks for a live login session (CONTRACT §6.7), and
 * the owner's own password change, which ends every other session of theirs.
 */
@ApplicationScoped
public class LoginSessions {
  private static final Logger LOG = Logger.getLogger(LoginSessions.class.getName());

  private Database db;
  private PasswordHashing passwords;
  private EventBus events;

  protected LoginSessions() {}

  @Inject
  public LoginSessions(Database db, PasswordHashing passwords, EventBus events) {
    this.db = db;
    this.passwords = passwords;
    this.events = events;
  }

  /**
   * Who a token speaks for. {@code passwordChangeRequired}: an administrator set the password,
   * and this session may do nothing but choose a new one.
   */
  public record Authenticated(Caller caller, boolean passwordChangeRequired) {}

  /**
   * The caller of a verified token, if the account is active, still has the token's role, and
   * the token's session ({@code sid}) has not ended (logout, replay, password change or reset).
   * A token without a session claim is checked on the account only.
   */
  public Optional<Authenticated> authenticate(long userId, String tokenRole, String sessionId) {
    return db.read(em -> Optional.ofNullable(em.find(UserAccount.class, userId))
        .filter(UserAccount::isActive)
        .filter(u -> u.role().name().equals(tokenRole))
        .filter(u -> sessionId == null || isLive(em, sessionId))
        .map(u -> new Authenticated(Caller.of(u), u.isPasswordChangeRequired())));
  }

  /**
   * Which of these sessions are still live: a socket of any other must close, should the event
   * that said so have been lost between instances.
   */
  public java.util.Set<String> liveAmong(java.util.Collection<String> sessionIds) {
    if (sessionIds.isEmpty()) {
      return java.util.Set.of();
    }
    return db.read(em -> new java.util.HashSet<>(em.createNamedQuery(RefreshToken.LIVE_OF_SESSIONS, String.class)
        .setParameter("sessions", sessionIds).getResultList()));
  }

  private static boolean isLive(EntityManager em, String sessionId) {
    return em.createNamedQuery(RefreshToken.LIVE_IN_SESSION, Long.class)
        .setParameter("session", sessionId).getSingleResult() > 0;
  }

  /**
   * The owner sets their own password. Unless an administrator's one-time password is in force,
   * the current one must be given. Every other session of the user ends, sockets included; the
   * calling session goes on.
   *
   * @throws ChatException {@code bad_request} for a missing current or a bad new password,
   *     {@code forbidden} for a wrong current password
   */
  public void changePassword(Caller caller, String sessionId, String currentPassword, String newPassword) {
    String hash = passwords.hash(AccountService.requirePassword(newPassword));
    UserAccount account = db.read(em -> em.find(UserAccount.class, caller.userId()));
    if (!account.isPasswordChangeRequired()) {
      if (currentPassword == null) {
        throw ChatException.badRequest("current_password is required");
      }
      if (!passwords.verify(currentPassword, account.passwordHash())) {
        throw ChatException.forbidden("The current password is wrong");
      }
    }
    db.transactionVoid(em -> {
      em.find(UserAccount.class, caller.userId()).choosePasswordHash(hash);
      revokeOthers(em, caller.userId(), sessionId);
    });
    LOG.info(() -> "User " + caller.userId() + " changed their password");
    if (caller.companyId() != null) {
      events.publish(new ChatEvent.SessionsEnded(caller.companyId(), caller.userId(), null, sessionId));
    }
  }

  private static void revokeOthers(EntityManager em, long userId, String keptSession) {
    var query = keptSession == null
        ? em.createNamedQuery(RefreshToken.REVOKE_USER)
        : em.createNamedQuery(RefreshToken.REVOKE_USER_EXCEPT).setParameter("session", keptSession);
    query.setParameter("now", OffsetDateTime.now(ZoneOffset.UTC)).setParameter("userId", userId)
        .executeUpdate();
  }
}
