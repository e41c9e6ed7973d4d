package com.companychat.accounts.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;

/**
 * A person who can log in: an employee or company admin of one company, or the platform admin
 * (no company). Usernames are unique across all companies, regardless of case.
 */
@Entity
@Table(name = "user_account")
@NamedQuery(name = UserAccount.BY_USERNAME_KEY,
    query = "SELECT u FROM UserAccount u WHERE u.usernameKey = :key")
@NamedQuery(name = UserAccount.OF_COMPANY,
    query = "SELECT u FROM UserAccount u WHERE u.companyId = :companyId ORDER BY u.displayName, u.id")
@NamedQuery(name = UserAccount.COUNT_BY_COMPANY,
    query = "SELECT u.companyId, COUNT(u) FROM UserAccount u WHERE u.companyId IS NOT NULL GROUP BY u.companyId")
@NamedQuery(name = UserAccount.LOCK_PAIR, lockMode = LockModeType.PESSIMISTIC_WRITE,
    query = "SELECT u FROM UserAccount u WHERE u.id = :first OR u.id = :second ORDER BY u.id")
public class UserAccount {
  public static final String BY_USERNAME_KEY = "UserAccount.byUsernameKey";
  public static final String OF_COMPANY = "UserAccount.ofCompany";
  public static final String COUNT_BY_COMPANY = "UserAccount.countByCompany";
  /**
   * Two users' rows, locked for writing in id order. A named query with its lock mode is
   * prepared once; an ad-hoc one with a list parameter was translated to SQL on every send.
   */
  public static final String LOCK_PAIR = "UserAccount.lockPair";

  @Id
  @SequenceGenerator(name = "user_account_seq", sequenceName = "user_account_seq", allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "user_account_seq")
  private Long id;

  @Column(name = "company_id")
  private Long companyId;

  @Column(nullable = false, length = 64)
  private String username;

  @Column(name = "username_key", nullable = false, length = 64)
  private String usernameKey;

  @Column(name = "display_name", nullable = false, length = 100)
  private String displayName;

  /** CONTRACT §6.2: false, no read receipts go to others nor come from them. */
  @Column(name = "read_receipts", nullable = false)
  private boolean readReceipts = true;

  @Column(name = "password_hash")
  private String passwordHash;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  private Role role;

  @Column(nullable = false)
  private boolean active;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "password_change_required", nullable = false)
  private boolean passwordChangeRequired;

  @Column(name = "password_reset_by", length = 64)
  private String passwordResetBy;

  @Column(name = "password_reset_at")
  private OffsetDateTime passwordResetAt;

  protected UserAccount() {}

  public UserAccount(Long companyId, String username, String displayName, Role role, String passwordHash) {
    if (role.isCompanyMember() != (companyId != null)) {
      throw new IllegalArgumentException("a company member needs a company; the platform admin has none");
    }
    this.companyId = companyId;
    this.username = username;
    this.usernameKey = keyOf(username);
    this.displayName = displayName;
    this.role = role;
    this.passwordHash = passwordHash;
    this.active = true;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public static String keyOf(String username) {
    return username.strip().toLowerCase(Locale.ROOT);
  }

  public boolean belongsTo(Long company) {
    return companyId != null && companyId.equals(company);
  }

  public void rename(String newDisplayName) {
    this.displayName = Objects.requireNonNull(newDisplayName);
  }

  public void changePasswordHash(String newHash) {
    this.passwordHash = newHash;
  }

  /**
   * An administrator set this password: it is one-time, and its next login says by whom and
   * when, so that the owner knows someone else could have logged in as them.
   */
  public void resetPasswordHash(String newHash, String resetBy, OffsetDateTime at) {
    this.passwordHash = newHash;
    this.passwordChangeRequired = true;
    this.passwordResetBy = resetBy;
    this.passwordResetAt = at;
  }

  /** The owner chose their own password: the one-time state ends. */
  public void choosePasswordHash(String newHash) {
    this.passwordHash = newHash;
    this.passwordChangeRequired = false;
    this.passwordResetBy = null;
    this.passwordResetAt = null;
  }

  public boolean isPasswordChangeRequired() {
    return passwordChangeRequired;
  }

  public String passwordResetBy() {
    return passwordResetBy;
  }

  public java.time.Instant passwordResetAt() {
    return passwordResetAt == null ? null : passwordResetAt.toInstant();
  }

  public void changeRole(Role newRole) {
    if (!newRole.isCompanyMember() || !role.isCompanyMember()) {
      throw new IllegalArgumentException("the platform admin role cannot be given or taken");
    }
    this.role = newRole;
  }

  public void setActive(boolean active) {
    this.active = active;
  }

  public Long id() {
    return id;
  }

  public Long companyId() {
    return companyId;
  }

  public String username() {
    return username;
  }

  public String displayName() {
    return displayName;
  }

  public String passwordHash() {
    return passwordHash;
  }

  public Role role() {
    return role;
  }

  public boolean readReceipts() {
    return readReceipts;
  }

  public void setReadReceipts(boolean readReceipts) {
    this.readReceipts = readReceipts;
  }

  public boolean isActive() {
    return active;
  }
}
