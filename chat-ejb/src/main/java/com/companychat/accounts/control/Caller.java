package com.companychat.accounts.control;

import com.companychat.accounts.entity.Role;
import com.companychat.accounts.entity.UserAccount;
import com.companychat.platform.ChatException;

/**
 * Who is calling, as the database says now (not as an old token said). Every query that touches
 * company data takes a caller, so company scoping cannot be forgotten.
 */
public record Caller(long userId, String username, Long companyId, Role role) {

  public static Caller of(UserAccount account) {
    return new Caller(account.id(), account.username(), account.companyId(), account.role());
  }

  public boolean isPlatformAdmin() {
    return role == Role.PLATFORM_ADMIN;
  }

  /**
   * The caller's company; refused ({@code forbidden}) for the platform admin, who belongs to
   * none. Called first by every chat operation.
   */
  public long company() {
    if (companyId == null) {
      throw ChatException.forbidden("The platform administrator has no company chat");
    }
    return companyId;
  }
}
