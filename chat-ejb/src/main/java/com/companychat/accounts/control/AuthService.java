package com.companychat.accounts.control;

import com.companychat.accounts.entity.Company;
import com.companychat.accounts.entity.RefreshToken;
import com.companychat.accounts.entity.UserAccount;
import com.companychat.events.ChatEvent;
import com.companychat.events.EventBus;
import com.companychat.platform.ChatException;
import com.companychat.platform.ChatSettings;
import com.companychat.platform.Database;
import com.companychat.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/** Login, refresh (rotating), logout and "who am I" (CONTRACT §2). */
@ApplicationScoped
public class AuthService {
  private static final Logger LOG = Logger.getLogger(AuthService.class.getName());

  private Database db;
  private PasswordHashing passwords;
  private TokenService tokens;
  private LoginThrottle throttle;
  private EventBus events;
  private Duration refreshTtl;
  private Clock clock;

  protected AuthService() {}

  @Inject
  public AuthService(Database db, PasswordHashing passwords, TokenService tokens,
      LoginThrottle throttle, ChatSettings settings, EventBus events) {
    this.db = db;
    this.events = events;
    this.passwords = passwords;
    this.tokens = tokens;
    this.throttle = throttle;
    this.refreshTtl = settings.refreshTokenTtl();
    this.clock = Clock.systemUTC();
  }

  /**
   * What login and refresh answer. With {@code passwordChangeRequired}, an administrator set the
   * password ({@code passwordResetBy}, {@code passwordResetAt}) and the session may only change it.
   */
  public record Session(String accessToken, long expiresIn, String refreshToken, UserView user,
      boolean passwordChangeRequired, String passwordResetBy, Instant passwordResetAt) {}

  /**
   * Checks the password and opens a login session.
   *
   * @throws ChatException {@code bad_request} for a username or password over its length cap
   *     ({@link LoginInput}); {@code invalid_credentials} for a wrong password, an unknown or a
   *     deactivated user alike; {@code rate_limited} after too many failures
   */
  public Session login(String username, String password, String address) {
    LoginInput.validate(username, password);
    String key = UserAccount.keyOf(username);
    throttle.reserve(key, address);
    Optional<UserAccount> account = db.read(em -> byUsernameKey(em, key));
    String storedHash = account.filter(UserAccount::isActive).map(UserAccount::passwordHash).orElse(null);
    if (!passwords.verify(password, storedHash)) {
      LOG.info("Login refused");
      throw new ChatException(ErrorCode.INVALID_CREDENTIALS, "Wrong username or password");
    }
    throttle.succeeded(key, address);
    UserAccount user = account.orElseThrow();
    return db.transaction(em -> open(em, user, UUID.randomUUID().toString()));
  }

  /**
   * Trades a refresh token for a new session pair; the presented token stops working. A token
   * that was already rotated away revokes its whole session: someone replayed it.
   */
  public Session refresh(String refreshToken) {
    Instant now = clock.instant();
    Optional<Session> session = db.transaction(em -> {
      RefreshToken stored = em.createNamedQuery(RefreshToken.BY_HASH, RefreshToken.class)
          .setParameter("hash", TokenService.hashOf(refreshToken))
          .setLockMode(LockModeType.PESSIMISTIC_WRITE)
          .getResultStream().findFirst().orElse(null);
      if (stored == null) {
        return Optional.empty();
      }
      UserAccount user = em.find(UserAccount.class, stored.userId());
      if (stored.isRevoked()) {
        revokeSession(em, stored.sessionId(), now);
        LOG.warning(() -> "Revoked refresh token replayed; session revoked for user " + stored.userId());
        endSockets(user, stored.sessionId());
        return Optional.empty();
      }
      if (!stored.isUsable(now) || user == null || !user.isActive()) {
        return Optional.empty();
      }
      stored.revoke(now);
      return Optional.of(open(em, user, stored.sessionId()));
    });
    return session.orElseThrow(() -> new ChatException(ErrorCode.UNAUTHORIZED,
        "The refresh token is invalid, expired or revoked; log in again"));
  }

  /**
   * Ends the login session the access token belongs to: its refresh token stops working, its
   * access tokens are refused, and its sockets close on every instance.
   */
  public void logout(Caller caller, String sessionId) {
    if (sessionId != null) {
      db.transactionVoid(em -> revokeSession(em, sessionId, clock.instant()));
      if (caller.companyId() != null) {
        events.publish(new ChatEvent.SessionsEnded(caller.companyId(), caller.userId(), sessionId, null));
      }
    }
  }

  /* Published from inside the transaction: a lost race only closes sockets a little early. */
  private void endSockets(UserAccount user, String sessionId) {
    if (user != null && user.companyId() != null) {
      events.publish(new ChatEvent.SessionsEnded(user.companyId(), user.id(), sessionId, null));
    }
  }

  public UserView me(Caller caller) {
    return db.read(em -> {
      UserAccount account = em.find(UserAccount.class, caller.userId());
      return UserView.of(account, companyOf(em, account));
    });
  }

  private Session open(EntityManager em, UserAccount user, String sessionId) {
    Instant now = clock.instant();
    String refreshToken = TokenService.newRefreshToken();
    em.persist(new RefreshToken(user.id(), sessionId, TokenService.hashOf(refreshToken), now,
        now.plus(refreshTtl)));
    TokenService.AccessToken access = tokens.accessToken(user, sessionId);
    return new Session(access.token(), access.expiresIn(), refreshToken,
        UserView.of(user, companyOf(em, user)), user.isPasswordChangeRequired(),
        user.passwordResetBy(), user.passwordResetAt());
  }

  static void revokeSession(EntityManager em, String sessionId, Instant now) {
    em.createNamedQuery(RefreshToken.REVOKE_SESSION)
        .setParameter("now", now.atOffset(java.time.ZoneOffset.UTC))
        .setParameter("session", sessionId)
        .executeUpdate();
  }

  static Optional<UserAccount> byUsernameKey(EntityManager em, String key) {
    return em.createNamedQuery(UserAccount.BY_USERNAME_KEY, UserAccount.class)
        .setParameter("key", key).getResultStream().findFirst();
  }

  static Company companyOf(EntityManager em, UserAccount account) {
    return account.companyId() == null ? null : em.find(Company.class, account.companyId());
  }
}
