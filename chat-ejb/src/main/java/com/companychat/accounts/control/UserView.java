package com.companychat.accounts.control;

import com.companychat.accounts.entity.Company;
import com.companychat.accounts.entity.Role;
import com.companychat.accounts.entity.UserAccount;

/** CONTRACT's USER. */
public record UserView(long id, String username, String displayName, Long companyId,
    String companyName, Role role) {

  public static UserView of(UserAccount account, Company company) {
    return new UserView(account.id(), account.username(), account.displayName(),
        account.companyId(), company == null ? null : company.name(), account.role());
  }
}
