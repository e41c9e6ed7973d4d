package com.companychat.presence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Whether a user has an open socket anywhere, and when one last closed. */
@Entity
@Table(name = "online_status")
@NamedQuery(name = OnlineStatus.OF_USERS, query = "SELECT s FROM OnlineStatus s WHERE s.userId IN :ids")
public class OnlineStatus {
  public static final String OF_USERS = "OnlineStatus.ofUsers";

  @Id
  @Column(name = "user_id")
  private Long userId;

  @Column(name = "is_online", nullable = false)
  private boolean online;

  @Column(name = "last_seen")
  private OffsetDateTime lastSeen;

  @Column(nullable = false)
  private long version;

  protected OnlineStatus() {}

  public OnlineStatus(Long userId) {
    this.userId = userId;
  }

  public void markOnline(Instant now) {
    online = true;
    lastSeen = now.atOffset(ZoneOffset.UTC);
    version++;
  }

  public void markOffline(Instant now) {
    online = false;
    lastSeen = now.atOffset(ZoneOffset.UTC);
    version++;
  }

  /** Grows with every change; orders the announcements of this user's presence. */
  public long version() {
    return version;
  }

  public Long userId() {
    return userId;
  }

  public boolean isOnline() {
    return online;
  }

  public Optional<Instant> lastSeen() {
    return Optional.ofNullable(lastSeen).map(OffsetDateTime::toInstant);
  }
}
