package com.companychat.accounts.control;

import com.companychat.accounts.entity.Company;
import com.companychat.accounts.entity.Role;
import com.companychat.messaging.control.MessageService;
import com.companychat.platform.ChatException;
import com.companychat.platform.Database;
import com.companychat.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;

/**
 * The demo company of {@code chat.demo=true}: Acme, five employees and a company admin, all with
 * the password {@value #PASSWORD}, and a short conversation to look at. Created once; a company
 * named Acme that exists already is left alone.
 */
@ApplicationScoped
public class DemoCompany {
  public static final String NAME = "Acme";
  public static final String PASSWORD = "demo-pass-1";
  private static final Logger LOG = Logger.getLogger(DemoCompany.class.getName());
  private static final Caller SYSTEM = new Caller(0, "system", null, Role.PLATFORM_ADMIN);

  private static final List<AccountService.NewUser> PEOPLE = List.of(
      new AccountService.NewUser("alice", PASSWORD, "Alice Johnson", Role.EMPLOYEE),
      new AccountService.NewUser("bob", PASSWORD, "Bob Smith", Role.EMPLOYEE),
      new AccountService.NewUser("carol", PASSWORD, "Carol Diaz", Role.EMPLOYEE),
      new AccountService.NewUser("dave", PASSWORD, "Dave Brown", Role.EMPLOYEE),
      new AccountService.NewUser("erin", PASSWORD, "Erin Clark", Role.EMPLOYEE),
      new AccountService.NewUser("acme-admin", PASSWORD, "Acme Admin", Role.COMPANY_ADMIN));

  private Database db;
  private AccountService accounts;
  private MessageService messages;

  protected DemoCompany() {}

  @Inject
  public DemoCompany(Database db, AccountService accounts, MessageService messages) {
    this.db = db;
    this.accounts = accounts;
    this.messages = messages;
  }

  public void ensure() {
    boolean exists = db.read(em -> !em.createNamedQuery(Company.BY_NAME_KEY, Company.class)
        .setParameter("key", Company.keyOf(NAME)).getResultList().isEmpty());
    if (exists) {
      return;
    }
    long company;
    try {
      company = accounts.createCompany(SYSTEM, NAME).id();
    } catch (ChatException e) {
      if (e.code() == ErrorCode.CONFLICT) {
        return; // another instance is creating it at this moment
      }
      throw e;
    }
    List<MemberView> people = PEOPLE.stream().map(p -> accounts.createUser(SYSTEM, company, p)).toList();
    MemberView alice = people.get(0);
    MemberView bob = people.get(1);
    messages.send(asCaller(alice), bob.id(), "Hi Bob! Welcome to Company Chat.", null);
    messages.send(asCaller(bob), alice.id(), "Thanks Alice, it looks great.", null);
    messages.send(asCaller(alice), bob.id(), "Lunch at noon?", null);
    LOG.info("Demo company Acme created");
  }

  private static Caller asCaller(MemberView member) {
    return new Caller(member.id(), member.username(), member.companyId(), member.role());
  }
}
