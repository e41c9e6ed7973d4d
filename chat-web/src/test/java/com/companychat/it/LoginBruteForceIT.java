package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Password guessing (RELIABILITY-CASES 10): limited per account, whatever address the guesses
 * come from, and per address, whatever accounts they try; both answer 429 {@code rate_limited}
 * with Retry-After and one body, so the guesser cannot tell which limit it hit. AuthIT holds the
 * one-account-one-address case. Guesses come from addresses of their own in 127.0.0.0/8, so the
 * other suites' logins (from the usual address) are never held back.
 */
class LoginBruteForceIT extends DeployedWar {
  /**
   * LoginThrottle: 10 failures per account, 50 per address, before the limit bites. The test
   * server refills both budgets at 0.001 a second (arquillian.xml), so no guess is earned back
   * while a test runs, however slow the machine.
   */
  static final int ACCOUNT_ALLOWANCE = 10;
  static final int ADDRESS_ALLOWANCE = 50;
  private static final AtomicInteger NETWORKS = new AtomicInteger(10);

  @Test
  void guessesAtOneAccountFromEverChangingAddressesAreLimited() throws Exception {
    Person alice = fixture.employee(fixture.company());
    int network = freshNetwork();
    for (int i = 0; i < ACCOUNT_ALLOWANCE; i++) {
      BoundHttp.Answer wrong = login("127." + network + ".1." + (i + 1), alice.username(), "guess-" + i);
      assertEquals(401, wrong.status(), wrong::toString);
      assertEquals("invalid_credentials", wrong.error());
    }
    BoundHttp.Answer limited = login("127." + network + ".2.1", alice.username(), "guess-x");
    assertLimited(limited);
    assertLimited(login("127." + network + ".2.2", alice.username(), Fixture.PASSWORD));
    BoundHttp.Answer other = login("127." + network + ".2.3", fixture.employee(alice.companyId()).username(),
        Fixture.PASSWORD);
    assertEquals(200, other.status(), "another account from a fresh address is not held back: " + other);
  }

  @Test
  void guessesFromOneAddressAtEverChangingAccountsAreLimited() throws Exception {
    Person alice = fixture.employee(fixture.company());
    List<String> known = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      known.add(fixture.employee(alice.companyId()).username());
    }
    String attacker = "127." + freshNetwork() + ".0.1";
    for (int i = 0; i < ADDRESS_ALLOWANCE; i++) {
      String username = i % 2 == 0 ? Fixture.unique("nobody") : known.get(i % known.size());
      BoundHttp.Answer wrong = login(attacker, username, "guess-" + i);
      assertEquals(401, wrong.status(), wrong::toString);
      assertEquals("invalid_credentials", wrong.error());
    }
    BoundHttp.Answer limited = login(attacker, Fixture.unique("nobody"), "guess");
    assertLimited(limited);
    assertLimited(login(attacker, alice.username(), Fixture.PASSWORD));
    BoundHttp.Answer elsewhere = login("127." + freshNetwork() + ".0.2", alice.username(), Fixture.PASSWORD);
    assertEquals(200, elsewhere.status(), "alice herself, from her own address, logs in: " + elsewhere);
  }

  @Test
  void theTwoLimitsAnswerAlike() throws Exception {
    Person alice = fixture.employee(fixture.company());
    int network = freshNetwork();
    for (int i = 0; i < ACCOUNT_ALLOWANCE; i++) {
      login("127." + network + ".1." + (i + 1), alice.username(), "guess-" + i);
    }
    BoundHttp.Answer byAccount = login("127." + network + ".2.1", alice.username(), "guess");
    String attacker = "127." + network + ".3.1";
    for (int i = 0; i < ADDRESS_ALLOWANCE; i++) {
      login(attacker, Fixture.unique("nobody"), "guess");
    }
    BoundHttp.Answer byAddress = login(attacker, Fixture.unique("nobody"), "guess");
    assertLimited(byAccount);
    assertLimited(byAddress);
    assertEquals(byAccount.body(), byAddress.body());
  }

  private BoundHttp.Answer login(String from, String username, String password) throws Exception {
    return BoundHttp.post(from, api.base().getPort(), "/api/auth/login",
        Api.json("username", username, "password", password).toString());
  }

  private static void assertLimited(BoundHttp.Answer answer) {
    assertEquals(429, answer.status(), answer::toString);
    assertEquals("rate_limited", answer.error());
    assertTrue(Long.parseLong(answer.headers().get("retry-after")) > 0, answer.headers()::toString);
  }

  /** A second octet no other test of this run uses: its addresses start with clean allowances. */
  private static int freshNetwork() {
    return NETWORKS.getAndIncrement();
  }
}
