package com.companychat.accounts.control;

import static com.companychat.platform.ChatFixture.PASSWORD;
import static com.companychat.platform.ChatFixture.SYSTEM;
import static com.companychat.platform.ChatFixture.assertRefused;
import static com.companychat.platform.ChatFixture.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.accounts.control.AccountService.CompanySummary;
import com.companychat.accounts.control.AccountService.NewUser;
import com.companychat.accounts.control.AccountService.UserChanges;
import com.companychat.accounts.entity.Role;
import com.companychat.events.ChatEvent;
import com.companychat.platform.ChatException;
import com.companychat.platform.ChatFixture;
import com.companychat.platform.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Provisioning on H2 (CONTRACT §3): who may do what, and what each change does. */
class AccountServiceTest {
  private static final UserChanges DEACTIVATE = new UserChanges(false, null, null, null);

  private static ChatFixture chat;

  private AccountService accounts;
  private long company;
  private Caller admin;
  private Caller alice;

  @BeforeAll
  static void openDatabase() {
    chat = ChatFixture.onH2();
  }

  @AfterAll
  static void closeDatabase() {
    chat.close();
  }

  @BeforeEach
  void provision() {
    accounts = chat.accounts();
    company = chat.company();
    admin = chat.companyAdmin(company, "boss");
    alice = chat.employee(company, "alice");
    chat.forgetEvents();
  }

  @Test
  void thePlatformAdminCreatesCompaniesAndSeesTheirUserCounts() {
    String name = unique("Acme");
    long acme = accounts.createCompany(SYSTEM, "  " + name + "  ").id();
    chat.employee(acme, "wile");

    List<CompanySummary> companies = accounts.companies(SYSTEM);
    assertTrue(companies.contains(new CompanySummary(acme, name, 1)), companies::toString);
    assertTrue(companies.contains(new CompanySummary(company, companyName(), 2)));
  }

  @Test
  void companyNamesAreUniqueIgnoringCase() {
    String name = unique("Initech");
    accounts.createCompany(SYSTEM, name);
    assertRefused(ErrorCode.CONFLICT, () -> accounts.createCompany(SYSTEM, name.toUpperCase()));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "tab\there"})
  void aCompanyNeedsAPrintableName(String name) {
    assertRefused(ErrorCode.BAD_REQUEST, () -> accounts.createCompany(SYSTEM, name));
  }

  @Test
  void anEmployeeIsForbiddenEveryAdminOperation() {
    Caller bob = chat.employee(company, "bob");
    assertRefused(ErrorCode.FORBIDDEN, () -> accounts.createCompany(alice, unique("Mine")));
    assertRefused(ErrorCode.FORBIDDEN, () -> accounts.companies(alice));
    assertRefused(ErrorCode.FORBIDDEN,
        () -> accounts.createUser(alice, company, newEmployee(unique("friend"))));
    assertRefused(ErrorCode.FORBIDDEN, () -> accounts.users(alice, company));
    assertRefused(ErrorCode.FORBIDDEN, () -> accounts.updateUser(alice, bob.userId(), DEACTIVATE));
    assertRefused(ErrorCode.FORBIDDEN, () -> accounts.updateUser(alice, alice.userId(),
        new UserChanges(null, "Queen Alice", null, null)));
    assertTrue(accounts.caller(bob.userId(), "EMPLOYEE").isPresent(), "bob is still active");
  }

  @Test
  void anEmployeeTryingToPromoteThemselvesIsForbidden() {
    assertRefused(ErrorCode.FORBIDDEN, () -> accounts.updateUser(alice, alice.userId(),
        new UserChanges(null, null, null, Role.COMPANY_ADMIN)));
    assertEquals(Optional.of(alice), accounts.caller(alice.userId(), "EMPLOYEE"));
  }

  @Test
  void anEmployeeIsRefusedAlikeForAnUnknownUserAndForAnotherCompanysUser() {
    Caller stranger = chat.employee(chat.company(), "stranger");

    ChatException foreign = assertRefused(ErrorCode.FORBIDDEN,
        () -> accounts.updateUser(alice, stranger.userId(), DEACTIVATE));
    ChatException unknown = assertRefused(ErrorCode.FORBIDDEN,
        () -> accounts.updateUser(alice, 999_999, DEACTIVATE));
    assertEquals(foreign.getMessage(), unknown.getMessage());
  }

  @Test
  void aCompanyAdminIsForbiddenThePlatformOperations() {
    assertRefused(ErrorCode.FORBIDDEN, () -> accounts.createCompany(admin, unique("Mine")));
    assertRefused(ErrorCode.FORBIDDEN, () -> accounts.companies(admin));
  }

  @Test
  void aCompanyAdminManagesTheirOwnCompany() {
    String username = unique("dave");
    MemberView dave = accounts.createUser(admin, company,
        new NewUser(username, PASSWORD, "Dave Bowman", Role.EMPLOYEE));
    assertEquals(new MemberView(dave.id(), username, "Dave Bowman", company, companyName(),
        Role.EMPLOYEE, true, null), dave);

    MemberView renamed = accounts.updateUser(admin, dave.id(),
        new UserChanges(null, "David Bowman", null, Role.COMPANY_ADMIN));
    assertEquals("David Bowman", renamed.displayName());
    assertEquals(Role.COMPANY_ADMIN, renamed.role());

    List<MemberView> people = accounts.users(admin, company);
    assertEquals(List.of(admin.userId(), alice.userId(), dave.id()).stream().sorted().toList(),
        people.stream().map(MemberView::id).sorted().toList());
  }

  @Test
  void anotherCompanysUsersReadAsNotFoundLikeAnUnknownId() {
    long other = chat.company();
    Caller stranger = chat.employee(other, "stranger");

    ChatException foreignCompany = assertRefused(ErrorCode.NOT_FOUND, () -> accounts.users(admin, other));
    ChatException unknownCompany = assertRefused(ErrorCode.NOT_FOUND, () -> accounts.users(admin, 999_999));
    assertEquals(unknownCompany.getMessage(), foreignCompany.getMessage());

    assertRefused(ErrorCode.NOT_FOUND,
        () -> accounts.createUser(admin, other, newEmployee(unique("mole"))));

    ChatException foreignUser = assertRefused(ErrorCode.NOT_FOUND,
        () -> accounts.updateUser(admin, stranger.userId(), DEACTIVATE));
    ChatException unknownUser = assertRefused(ErrorCode.NOT_FOUND,
        () -> accounts.updateUser(admin, 999_999, DEACTIVATE));
    assertEquals(unknownUser.getMessage(), foreignUser.getMessage());

    assertTrue(accounts.caller(stranger.userId(), "EMPLOYEE").isPresent(), "the stranger is untouched");
    assertEquals(1, accounts.users(SYSTEM, other).size(), "nobody was added there");
    assertEquals(List.of(), chat.published());
  }

  @Test
  void thePlatformAdminAccountReadsAsNotFoundToACompanyAdmin() {
    String username = unique("root");
    accounts.ensurePlatformAdmin(username, Optional.of(PASSWORD));
    long rootId = chat.db().read(em -> AuthService.byUsernameKey(em, username)).orElseThrow().id();

    assertRefused(ErrorCode.NOT_FOUND, () -> accounts.updateUser(admin, rootId, DEACTIVATE));
  }

  @Test
  void anUnknownCompanyIsNotFoundEvenToThePlatformAdmin() {
    assertRefused(ErrorCode.NOT_FOUND, () -> accounts.users(SYSTEM, 999_999));
    assertRefused(ErrorCode.NOT_FOUND,
        () -> accounts.createUser(SYSTEM, 999_999, newEmployee(unique("nobody"))));
  }

  @Test
  void usernamesAreUniqueAcrossCompaniesIgnoringCase() {
    long other = chat.company();
    assertRefused(ErrorCode.CONFLICT,
        () -> accounts.createUser(SYSTEM, other, newEmployee(alice.username().toUpperCase())));
    assertRefused(ErrorCode.CONFLICT,
        () -> accounts.createUser(admin, company, newEmployee(alice.username())));
    assertEquals(0, accounts.users(SYSTEM, other).size());
  }

  @Test
  void creatingOneUsernameConcurrentlyStoresItOnceAndTheOtherIsAConflict() throws Exception {
    raceForOneUsername(chat);
  }

  @Test
  void creatingOneUsernameConcurrentlyStoresItOnceAndTheOtherIsAConflictOnPostgresql()
      throws Exception {
    try (ChatFixture pg = ChatFixture.onPostgres()) {
      raceForOneUsername(pg);
    }
  }

  /** Two threads, started together, create the same username in two companies. */
  private static void raceForOneUsername(ChatFixture db) throws Exception {
    long one = db.company();
    long two = db.company();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 5; round++) {
        String username = unique("twin");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ErrorCode>> racers = new ArrayList<>();
        for (long company : List.of(one, two)) {
          racers.add(pool.submit(() -> {
            start.await();
            try {
              db.accounts().createUser(SYSTEM, company, new NewUser(username, PASSWORD, null, null));
              return null;
            } catch (ChatException e) {
              return e.code();
            }
          }));
        }
        start.countDown();
        List<ErrorCode> outcomes = new ArrayList<>();
        for (Future<ErrorCode> racer : racers) {
          outcomes.add(racer.get(30, TimeUnit.SECONDS));
        }

        assertTrue(outcomes.contains(null) && outcomes.contains(ErrorCode.CONFLICT),
            username + ": one created, one conflict, but " + outcomes);
        assertEquals(1, db.count("SELECT COUNT(*) FROM user_account WHERE username_key = ?", username));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void thePlatformAdminRoleCannotBeGiven() {
    assertRefused(ErrorCode.BAD_REQUEST, () -> accounts.createUser(SYSTEM, company,
        new NewUser(unique("usurper"), PASSWORD, null, Role.PLATFORM_ADMIN)));
    assertRefused(ErrorCode.BAD_REQUEST, () -> accounts.updateUser(SYSTEM, alice.userId(),
        new UserChanges(null, null, null, Role.PLATFORM_ADMIN)));
    assertEquals(Role.EMPLOYEE, chat.accounts().users(SYSTEM, company).stream()
        .filter(m -> m.id() == alice.userId()).findFirst().orElseThrow().role());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "ab", "-alice", ".alice", "_alice", "al ice", "alice!", "al@ice",
      "\u00e5lice", "alice\n", " alice"})
  void aBadUsernameIsRefused(String username) {
    assertRefused(ErrorCode.BAD_REQUEST, () -> accounts.createUser(SYSTEM, company, newEmployee(username)));
  }

  @Test
  void aUsernameOfSixtyFiveCharactersIsRefusedAndSixtyFourAccepted() {
    String base = unique("u");
    String sixtyFour = base + "x".repeat(64 - base.length());
    assertRefused(ErrorCode.BAD_REQUEST,
        () -> accounts.createUser(SYSTEM, company, newEmployee(sixtyFour + "x")));
    assertEquals(sixtyFour, accounts.createUser(SYSTEM, company, newEmployee(sixtyFour)).username());
  }

  @Test
  void usernamesMayHoldDotsUnderscoresAndDashes() {
    String username = unique("J.R_R-tolkien");
    assertEquals(username, accounts.createUser(SYSTEM, company, newEmployee(username)).username());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "short", "seven77"})
  void aPasswordShorterThanEightIsRefused(String password) {
    assertRefused(ErrorCode.BAD_REQUEST, () -> accounts.createUser(SYSTEM, company,
        new NewUser(unique("carl"), password, null, Role.EMPLOYEE)));
    assertRefused(ErrorCode.BAD_REQUEST, () -> accounts.updateUser(SYSTEM, alice.userId(),
        new UserChanges(null, null, password == null ? "" : password, null)));
  }

  @Test
  void passwordsOfEightToOneHundredTwentyEightCharactersAreAccepted() {
    accounts.createUser(SYSTEM, company, new NewUser(unique("eight"), "8chars!!", null, null));
    accounts.createUser(SYSTEM, company, new NewUser(unique("long"), "p".repeat(128), null, null));
    assertRefused(ErrorCode.BAD_REQUEST, () -> accounts.createUser(SYSTEM, company,
        new NewUser(unique("longer"), "p".repeat(129), null, null)));
  }

  @Test
  void theDisplayNameDefaultsToTheUsernameAndIsStripped() {
    String username = unique("erin");
    MemberView erin = accounts.createUser(SYSTEM, company, new NewUser(username, PASSWORD, null, null));
    assertEquals(username, erin.displayName());
    assertEquals(Role.EMPLOYEE, erin.role(), "EMPLOYEE unless said otherwise");

    MemberView frank = accounts.createUser(SYSTEM, company,
        new NewUser(unique("frank"), PASSWORD, "  Frank Poole  ", Role.EMPLOYEE));
    assertEquals("Frank Poole", frank.displayName());

    assertRefused(ErrorCode.BAD_REQUEST, () -> accounts.createUser(SYSTEM, company,
        new NewUser(unique("gina"), PASSWORD, "   ", Role.EMPLOYEE)));
    assertRefused(ErrorCode.BAD_REQUEST, () -> accounts.createUser(SYSTEM, company,
        new NewUser(unique("hank"), PASSWORD, "x".repeat(101), Role.EMPLOYEE)));
  }

  @Test
  void deactivationPublishesUserDeactivatedAndEndsTheUsersLogins() {
    AuthService auth = chat.newAuthService();
    AuthService.Session session = auth.login(alice.username(), PASSWORD, "10.0.0.1");

    MemberView view = accounts.updateUser(admin, alice.userId(), DEACTIVATE);

    assertFalse(view.active());
    assertEquals(List.of(new ChatEvent.UserDeactivated(company, alice.userId())), chat.published());
    assertRefused(ErrorCode.UNAUTHORIZED, () -> auth.refresh(session.refreshToken()));
    assertRefused(ErrorCode.INVALID_CREDENTIALS, () -> auth.login(alice.username(), PASSWORD, "10.0.0.1"));
    assertTrue(accounts.caller(alice.userId(), "EMPLOYEE").isEmpty());
    assertFalse(accounts.users(admin, company).stream()
        .filter(m -> m.id() == alice.userId()).findFirst().orElseThrow().active());
  }

  @Test
  void deactivationLeavesOtherUsersLoginsAlone() {
    AuthService auth = chat.newAuthService();
    AuthService.Session adminSession = auth.login(admin.username(), PASSWORD, "10.0.0.1");
    accounts.updateUser(admin, alice.userId(), DEACTIVATE);
    assertEquals(admin.userId(), auth.refresh(adminSession.refreshToken()).user().id());
  }

  @Test
  void aReactivatedUserMayLogInAgain() {
    accounts.updateUser(admin, alice.userId(), DEACTIVATE);
    accounts.updateUser(admin, alice.userId(), new UserChanges(true, null, null, null));

    assertTrue(accounts.caller(alice.userId(), "EMPLOYEE").isPresent());
    assertEquals(alice.userId(), chat.newAuthService().login(alice.username(), PASSWORD, "10.0.0.1").user().id());
    assertEquals(1, chat.published(ChatEvent.UserDeactivated.class).size(), "only deactivation is news");
  }

  @Test
  void aNewPasswordEndsTheUsersLoginsAndReplacesTheOldOne() {
    AuthService auth = chat.newAuthService();
    AuthService.Session session = auth.login(alice.username(), PASSWORD, "10.0.0.1");

    accounts.updateUser(admin, alice.userId(), new UserChanges(null, null, "a brand new secret", null));

    assertRefused(ErrorCode.UNAUTHORIZED, () -> auth.refresh(session.refreshToken()));
    assertRefused(ErrorCode.INVALID_CREDENTIALS, () -> auth.login(alice.username(), PASSWORD, "10.0.0.2"));
    assertEquals(alice.userId(), auth.login(alice.username(), "a brand new secret", "10.0.0.3").user().id());
    assertEquals(List.of(), chat.published(ChatEvent.UserDeactivated.class));
  }

  @Test
  void adminsCannotDeactivateOrDemoteThemselves() {
    assertRefused(ErrorCode.BAD_REQUEST, () -> accounts.updateUser(admin, admin.userId(), DEACTIVATE));
    assertRefused(ErrorCode.BAD_REQUEST, () -> accounts.updateUser(admin, admin.userId(),
        new UserChanges(null, null, null, Role.EMPLOYEE)));

    assertEquals(Optional.of(admin), accounts.caller(admin.userId(), "COMPANY_ADMIN"));
    assertEquals(List.of(), chat.published());
  }

  @Test
  void anAdminMayRenameThemselves() {
    MemberView renamed = accounts.updateUser(admin, admin.userId(),
        new UserChanges(true, "The Boss", null, Role.COMPANY_ADMIN));
    assertEquals("The Boss", renamed.displayName());
    assertTrue(renamed.active());
  }

  @Test
  void callerIsTheAccountAsItIsNow() {
    assertEquals(Optional.of(alice), accounts.caller(alice.userId(), "EMPLOYEE"));
    assertEquals(Optional.empty(), accounts.caller(alice.userId(), "COMPANY_ADMIN"),
        "a token issued for another role");
    assertEquals(Optional.empty(), accounts.caller(999_999, "EMPLOYEE"));
  }

  @Test
  void callerIsEmptyOnceTheRoleChanged() {
    accounts.updateUser(admin, alice.userId(), new UserChanges(null, null, null, Role.COMPANY_ADMIN));

    assertEquals(Optional.empty(), accounts.caller(alice.userId(), "EMPLOYEE"));
    assertEquals(Optional.of(new Caller(alice.userId(), alice.username(), company, Role.COMPANY_ADMIN)),
        accounts.caller(alice.userId(), "COMPANY_ADMIN"));
  }

  @Test
  void callerIsEmptyOnceDeactivated() {
    chat.deactivate(alice);
    assertEquals(Optional.empty(), accounts.caller(alice.userId(), "EMPLOYEE"));
  }

  @Test
  void ensurePlatformAdminCreatesThenUpdatesTheAccount() {
    String username = unique("root");
    accounts.ensurePlatformAdmin(username, Optional.of("first password"));
    accounts.ensurePlatformAdmin(username.toUpperCase(), Optional.of("second password"));

    AuthService auth = chat.newAuthService();
    assertRefused(ErrorCode.INVALID_CREDENTIALS, () -> auth.login(username, "first password", "10.0.0.1"));
    UserView root = auth.login(username, "second password", "10.0.0.1").user();
    assertEquals(Role.PLATFORM_ADMIN, root.role());
    assertNull(root.companyId());
    assertNull(root.companyName());
    assertEquals(Optional.of(new Caller(root.id(), username, null, Role.PLATFORM_ADMIN)),
        accounts.caller(root.id(), "PLATFORM_ADMIN"));
  }

  @Test
  void ensurePlatformAdminNeverTakesOverACompanyMember() {
    accounts.ensurePlatformAdmin(alice.username(), Optional.of("hijacked password"));

    assertEquals(Optional.of(alice), accounts.caller(alice.userId(), "EMPLOYEE"));
    assertEquals(alice.userId(), chat.newAuthService().login(alice.username(), PASSWORD, "10.0.0.1").user().id());
  }

  private NewUser newEmployee(String username) {
    return new NewUser(username, PASSWORD, null, Role.EMPLOYEE);
  }

  private String companyName() {
    return accounts.companies(SYSTEM).stream().filter(c -> c.id() == company)
        .findFirst().orElseThrow().name();
  }

  @Test
  void inactiveAmongNamesTheDeactivatedAndTheUnknown() {
    long company = chat.company();
    Caller active = chat.employee(company, "still");
    Caller gone = chat.employee(company, "gone");
    chat.deactivate(gone);
    assertEquals(java.util.Set.of(gone.userId(), 987_654_321L),
        chat.accounts().inactiveAmong(java.util.List.of(active.userId(), gone.userId(), 987_654_321L)));
    assertEquals(java.util.Set.of(), chat.accounts().inactiveAmong(java.util.List.of()));
  }

  @Test
  void twoInstancesStartingTogetherBothSetUpThePlatformAdmin() throws Exception {
    String username = ChatFixture.unique("root");
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    java.util.List<java.util.concurrent.Future<?>> starts = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      starts.add(pool.submit(() -> {
        start.await();
        chat.accounts().ensurePlatformAdmin(username, java.util.Optional.of("root-password-1"));
        return null;
      }));
    }
    start.countDown();
    for (java.util.concurrent.Future<?> f : starts) {
      f.get();
    }
    pool.shutdown();
    assertEquals(1, chat.count("SELECT COUNT(*) FROM user_account WHERE username_key = ?", username.toLowerCase()));
  }
}
