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
 * One line of the audit trail: an administrator did {@code action} to a user or company. Who,
 * what, when and on whom, never any content (no password, no name given, no message).
 */
@Entity
@Table(name = "admin_audit")
@NamedQuery(name = AdminAction.OF_COMPANY, query = "SELECT a FROM AdminAction a"
    + " WHERE a.companyId = :companyId AND a.id < :before ORDER BY a.id DESC")
@NamedQuery(name = AdminAction.ALL, query = "SELECT a FROM AdminAction a"
    + " WHERE a.id < :before ORDER BY a.id DESC")
public class AdminAction {
  public static final String OF_COMPANY = "AdminAction.ofCompany";
  public static final String ALL = "AdminAction.all";

  @Id
  @SequenceGenerator(name = "admin_audit_seq", sequenceName = "admin_audit_seq", allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "admin_audit_seq")
  private Long id;

  @Column(nullable = false)
  private OffsetDateTime at;

  @Column(name = "actor_id", nullable = false)
  private long actorId;

  @Column(name = "actor_username", nullable = false, length = 64)
  private String actorUsername;

  @Column(nullable = false, length = 40)
  private String action;

  @Column(name = "target_user_id")
  private Long targetUserId;

  @Column(name = "company_id")
  private Long companyId;

  protected AdminAction() {}

  public AdminAction(Instant at, long actorId, String actorUsername, String action, Long targetUserId,
      Long companyId) {
    this.at = at.atOffset(ZoneOffset.UTC);
    this.actorId = actorId;
    this.actorUsername = actorUsername;
    this.action = action;
    this.targetUserId = targetUserId;
    this.companyId = companyId;
  }

  public Long id() {
    return id;
  }

  public Instant at() {
    return at.toInstant();
  }

  public long actorId() {
    return actorId;
  }

  public String actorUsername() {
    return actorUsername;
  }

  public String action() {
    return action;
  }

  public Long targetUserId() {
    return targetUserId;
  }

  public Long companyId() {
    return companyId;
  }
}
