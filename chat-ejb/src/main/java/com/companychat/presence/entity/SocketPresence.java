package com.companychat.presence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** How many sockets of one user one instance holds open. */
@Entity
@Table(name = "socket_presence")
@IdClass(SocketPresence.Key.class)
@NamedQuery(name = SocketPresence.LIVE_SOCKETS,
    query = "SELECT COALESCE(SUM(p.sockets), 0) FROM SocketPresence p, ServerInstance i"
        + " WHERE p.instanceId = i.id AND p.userId = :user AND i.heartbeatAt >= :cutoff")
@NamedQuery(name = SocketPresence.OF_INSTANCE,
    query = "SELECT p FROM SocketPresence p WHERE p.instanceId = :instance")
public class SocketPresence {
  public static final String LIVE_SOCKETS = "SocketPresence.liveSockets";
  public static final String OF_INSTANCE = "SocketPresence.ofInstance";

  @Id
  @Column(name = "instance_id", length = 36)
  private String instanceId;

  @Id
  @Column(name = "user_id")
  private Long userId;

  @Column(nullable = false)
  private int sockets;

  protected SocketPresence() {}

  public SocketPresence(String instanceId, Long userId) {
    this.instanceId = instanceId;
    this.userId = userId;
  }

  /** @return the count after adding {@code delta} */
  public int add(int delta) {
    sockets = Math.max(0, sockets + delta);
    return sockets;
  }

  public Long userId() {
    return userId;
  }

  /** The composite key (instance, user). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String instanceId;
    private Long userId;

    public Key() {}

    public Key(String instanceId, Long userId) {
      this.instanceId = instanceId;
      this.userId = userId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(instanceId, k.instanceId) && Objects.equals(userId, k.userId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(instanceId, userId);
    }
  }
}
