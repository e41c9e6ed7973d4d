package com.companychat.presence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A running server instance, alive while its heartbeat is fresh. */
@Entity
@Table(name = "server_instance")
@NamedQuery(name = ServerInstance.STALE,
    query = "SELECT i FROM ServerInstance i WHERE i.heartbeatAt < :cutoff AND i.id <> :self")
public class ServerInstance {
  public static final String STALE = "ServerInstance.stale";

  @Id
  @Column(length = 36)
  private String id;

  @Column(name = "heartbeat_at", nullable = false)
  private OffsetDateTime heartbeatAt;

  protected ServerInstance() {}

  public ServerInstance(String id, Instant now) {
    this.id = id;
    beat(now);
  }

  public void beat(Instant now) {
    heartbeatAt = now.atOffset(ZoneOffset.UTC);
  }

  public String id() {
    return id;
  }
}
