package com.companychat.accounts.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/** A tenant: its people see each other and nobody else. */
@Entity
@Table(name = "company")
@NamedQuery(name = Company.BY_NAME_KEY, query = "SELECT c FROM Company c WHERE c.nameKey = :key")
@NamedQuery(name = Company.ALL, query = "SELECT c FROM Company c ORDER BY c.name, c.id")
public class Company {
  public static final String BY_NAME_KEY = "Company.byNameKey";
  public static final String ALL = "Company.all";

  @Id
  @SequenceGenerator(name = "company_seq", sequenceName = "company_seq", allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "company_seq")
  private Long id;

  @Column(nullable = false, length = 100)
  private String name;

  @Column(name = "name_key", nullable = false, length = 100)
  private String nameKey;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected Company() {}

  public Company(String name) {
    this.name = name;
    this.nameKey = keyOf(name);
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  /** Company names are unique regardless of case. */
  public static String keyOf(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  public Long id() {
    return id;
  }

  public String name() {
    return name;
  }
}
