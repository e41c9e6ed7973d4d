package com.companychat.accounts.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One refresh token of a login session, stored only as its SHA-256 hash. Refreshing rotates it:
 * the old one is revoked and a new one of the same session issued. Presenting a revoked one again
 * means it was stolen or replayed, and revokes the whole session.
 */
@Entity
@Table(name = "refresh_token")
@NamedQuery(name = RefreshToken.BY_HASH, query = "SELECT t FROM RefreshToken t WHERE t.tokenHash = :hash")
@NamedQuery(name = RefreshToken.REVOKE_SESSION,
    query = "UPDATE RefreshToken t SET t.revokedAt = :now WHERE t.sessionId = :session AND t.revokedAt IS NULL")
@NamedQuery(name = RefreshToken.REVOKE_USER,
    query = "UPDATE RefreshToken t SET t.revokedAt = :now WHERE t.userId = :userId AND t.revokedAt IS NULL")
@NamedQuery(name = RefreshToken.REVOKE_USER_EXCEPT,
    query = "UPDATE RefreshToken t SET t.revokedAt = :now WHERE t.userId = :userId AND t.revokedAt IS NULL"
        + " AND t.sessionId <> :session")
@NamedQuery(name = RefreshToken.LIVE_IN_SESSION,
    query = "SELECT COUNT(t) FROM RefreshToken t WHERE t.sessionId = :session AND t.revokedAt IS NULL")
@NamedQuery(name = RefreshToken.LIVE_OF_SESSIONS,
    query = "SELECT DISTINCT t.sessionId FROM RefreshToken t WHERE t.sessionId IN :sessions AND t.revokedAt IS NULL")
public class RefreshToken {
  public static final String BY_HASH = "RefreshToken.byHash";
  public static final String REVOKE_SESSION = "RefreshToken.revokeSession";
  public static final String REVOKE_USER = "RefreshToken.revokeUser";
  public static final String REVOKE_USER_EXCEPT = "RefreshToken.revokeUserExcept";
  /** Unrevoked tokens of a session: none means the session ended (logout, replay, reset). */
  public static final String LIVE_IN_SESSION = "RefreshToken.liveInSession";
  public static final String LIVE_OF_SESSIONS = "RefreshToken.liveOfSessions";

  @Id
  @SequenceGenerator(name = "refresh_token_seq", sequenceName = "refresh_token_seq", allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "refresh_token_seq")
  private Long id;

  @Column(name = "user_id", nullable = false)
  private Long userId;

  @Column(name = "session_id", nullable = false, length = 36)
  private String sessionId;

  @Column(name = "token_hash", nullable = false, length = 64)
  private String tokenHash;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "expires_at", nullable = false)
  private OffsetDateTime expiresAt;

  @Column(name = "revoked_at")
  private OffsetDateTime revokedAt;

  protected RefreshToken() {}

  public RefreshToken(Long userId, String sessionId, String tokenHash, Instant now, Instant expiresAt) {
    this.userId = userId;
    this.sessionId = sessionId;
    this.tokenHash = tokenHash;
    this.createdAt = now.atOffset(ZoneOffset.UTC);
    this.expiresAt = expiresAt.atOffset(ZoneOffset.UTC);
  }

  public boolean isUsable(Instant now) {
    return revokedAt == null && expiresAt.toInstant().isAfter(now);
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }

  public void revoke(Instant now) {
    if (revokedAt == null) {
      revokedAt = now.atOffset(ZoneOffset.UTC);
    }
  }

  public Long userId() {
    return userId;
  }

  public String sessionId() {
    return sessionId;
  }
}
