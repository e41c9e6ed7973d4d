package com.companychat.accounts.entity;

/** What an account may do; travels as the token's single {@code groups} entry. */
public enum Role {
  EMPLOYEE,
  COMPANY_ADMIN,
  PLATFORM_ADMIN;

  public static final String EMPLOYEE_NAME = "EMPLOYEE";
  public static final String COMPANY_ADMIN_NAME = "COMPANY_ADMIN";
  public static final String PLATFORM_ADMIN_NAME = "PLATFORM_ADMIN";

  /** Members of a company chat; the platform admin belongs to no company. */
  public boolean isCompanyMember() {
    return this != PLATFORM_ADMIN;
  }
}
