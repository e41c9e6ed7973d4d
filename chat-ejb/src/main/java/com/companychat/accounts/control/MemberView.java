package com.companychat.accounts.control;

import com.companychat.accounts.entity.Company;
import com.companychat.accounts.entity.Role;
import com.companychat.accounts.entity.UserAccount;
import java.time.Instant;

/** CONTRACT's USER as admins see it: with {@code active} and {@code last_seen}, never any message. */
public record MemberView(long id, String username, String displayName, Long companyId,
    String companyName, Role role, boolean active, Instant lastSeen) {

  public static MemberView of(UserAccount account, Company company, Instant lastSeen) {
    return new MemberView(account.id(), account.username(), account.displayName(),
        account.companyId(), company.name(), account.role(), account.isActive(), lastSeen);
  }
}
