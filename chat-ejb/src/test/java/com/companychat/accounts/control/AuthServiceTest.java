package com.companychat.accounts.control;

import static com.companychat.platform.ChatFixture.PASSWORD;
import static com.companychat.platform.ChatFixture.assertRefused;
import static com.companychat.platform.ChatFixture.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.accounts.entity.Role;
import com.companychat.platform.ChatException;
import com.companychat.platform.ChatFixture;
import com.companychat.platform.ErrorCode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login, rotating refresh, replay detection and logout, on H2 (CONTRACT §2). */
class AuthServiceTest {
  private static final String ADDRESS = "192.0.2.10";

  private static ChatFixture chat;

  private AuthService auth;
  private long company;
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
    auth = chat.newAuthService();
    company = chat.company();
    alice = chat.member(company, "alice", "Alice Liddell", Role.EMPLOYEE);
  }

  @Test
  void loginAnswersASignedAccessTokenARefreshTokenAndTheUser() throws Exception {
    AuthService.Session session = auth.login(alice.username(), PASSWORD, ADDRESS);

    SignedJWT jwt = SignedJWT.parse(session.accessToken());
    assertTrue(jwt.verify(new RSASSAVerifier((RSAPublicKey) chat.keys().getPublic())));
    assertEquals(Long.toString(alice.userId()), jwt.getJWTClaimsSet().getSubject());
    assertEquals(900, session.expiresIn());
    assertTrue(session.refreshToken().length() >= 43, "256 random bits");
    UserView user = session.user();
    assertEquals(alice.userId(), user.id());
    assertEquals(alice.username(), user.username());
    assertEquals("Alice Liddell", user.displayName());
    assertEquals(company, user.companyId());
    assertEquals(Role.EMPLOYEE, user.role());
    assertEquals(auth.me(alice), user, "the same USER as /me");
  }

  @Test
  void theRefreshTokenIsStoredOnlyAsItsHash() {
    String refresh = auth.login(alice.username(), PASSWORD, ADDRESS).refreshToken();
    assertEquals(0, chat.count("SELECT COUNT(*) FROM refresh_token WHERE token_hash = ?", refresh));
    assertEquals(1, chat.count("SELECT COUNT(*) FROM refresh_token WHERE token_hash = ?",
        TokenService.hashOf(refresh)));
  }

  @Test
  void loginIgnoresTheCaseOfTheUsername() {
    assertEquals(alice.userId(),
        auth.login(alice.username().toUpperCase(), PASSWORD, ADDRESS).user().id());
  }

  @Test
  void aWrongPasswordAnUnknownUserAndADeactivatedUserGetTheSameAnswer() {
    Caller gone = chat.employee(company, "gone");
    chat.deactivate(gone);

    ChatException wrong = assertRefused(ErrorCode.INVALID_CREDENTIALS,
        () -> auth.login(alice.username(), "not the password", ADDRESS));
    ChatException unknown = assertRefused(ErrorCode.INVALID_CREDENTIALS,
        () -> auth.login(unique("nobody"), PASSWORD, ADDRESS));
    ChatException deactivated = assertRefused(ErrorCode.INVALID_CREDENTIALS,
        () -> auth.login(gone.username(), PASSWORD, ADDRESS));

    assertEquals(wrong.getMessage(), unknown.getMessage());
    assertEquals(wrong.getMessage(), deactivated.getMessage());
  }

  @Test
  void refreshRotatesAndTheOldTokenThenFails() {
    AuthService.Session first = auth.login(alice.username(), PASSWORD, ADDRESS);

    AuthService.Session second = auth.refresh(first.refreshToken());

    assertNotEquals(first.refreshToken(), second.refreshToken());
    assertNotEquals(first.accessToken(), second.accessToken());
    assertEquals(first.user(), second.user());
    assertEquals(sessionOf(first), sessionOf(second), "the same login session");
    assertEquals(alice.userId(), auth.refresh(second.refreshToken()).user().id());
  }

  @Test
  void replayingARotatedTokenRevokesTheWholeSession() {
    AuthService.Session first = auth.login(alice.username(), PASSWORD, ADDRESS);
    AuthService.Session second = auth.refresh(first.refreshToken());

    assertRefused(ErrorCode.UNAUTHORIZED, () -> auth.refresh(first.refreshToken()));

    assertRefused(ErrorCode.UNAUTHORIZED, () -> auth.refresh(second.refreshToken()));
  }

  @Test
  void aReplayRevokesOnlyItsOwnSession() {
    AuthService.Session stolen = auth.login(alice.username(), PASSWORD, ADDRESS);
    AuthService.Session laptop = auth.login(alice.username(), PASSWORD, ADDRESS);
    auth.refresh(stolen.refreshToken());

    assertRefused(ErrorCode.UNAUTHORIZED, () -> auth.refresh(stolen.refreshToken()));

    assertEquals(alice.userId(), auth.refresh(laptop.refreshToken()).user().id());
  }

  @Test
  void logoutRevokesTheSessionsRefreshTokenOnly() {
    AuthService.Session phone = auth.login(alice.username(), PASSWORD, ADDRESS);
    AuthService.Session laptop = auth.login(alice.username(), PASSWORD, ADDRESS);
    assertNotEquals(sessionOf(phone), sessionOf(laptop));

    auth.logout(alice, sessionOf(phone));

    assertRefused(ErrorCode.UNAUTHORIZED, () -> auth.refresh(phone.refreshToken()));
    assertEquals(alice.userId(), auth.refresh(laptop.refreshToken()).user().id());
  }

  @Test
  void logoutAfterARefreshEndsTheRotatedToken() {
    AuthService.Session first = auth.login(alice.username(), PASSWORD, ADDRESS);
    AuthService.Session second = auth.refresh(first.refreshToken());

    auth.logout(alice, sessionOf(second));

    assertRefused(ErrorCode.UNAUTHORIZED, () -> auth.refresh(second.refreshToken()));
  }

  @Test
  void logoutWithoutASessionDoesNothing() {
    AuthService.Session session = auth.login(alice.username(), PASSWORD, ADDRESS);
    auth.logout(alice, null);
    auth.logout(alice, "no-such-session");
    assertEquals(alice.userId(), auth.refresh(session.refreshToken()).user().id());
  }

  @Test
  void anUnknownRefreshTokenIsUnauthorized() {
    assertRefused(ErrorCode.UNAUTHORIZED, () -> auth.refresh(TokenService.newRefreshToken()));
    assertRefused(ErrorCode.UNAUTHORIZED, () -> auth.refresh(""));
  }

  @Test
  void aRefreshTokenPastItsLifetimeIsUnauthorized() {
    AuthService shortLived = chat.newAuthService(
        ChatFixture.withRefreshTokenTtl(chat.settings(), Duration.ZERO));
    AuthService.Session session = shortLived.login(alice.username(), PASSWORD, ADDRESS);

    assertRefused(ErrorCode.UNAUTHORIZED, () -> shortLived.refresh(session.refreshToken()));
  }

  @Test
  void aDeactivatedUsersRefreshTokenIsUnauthorized() {
    AuthService.Session session = auth.login(alice.username(), PASSWORD, ADDRESS);
    chat.deactivate(alice);
    assertRefused(ErrorCode.UNAUTHORIZED, () -> auth.refresh(session.refreshToken()));
  }

  @Test
  void tenFailedLoginsThrottleTheAccountEvenForTheRightPassword() {
    for (int i = 0; i < 10; i++) {
      assertRefused(ErrorCode.INVALID_CREDENTIALS,
          () -> auth.login(alice.username(), "guess", "198.51.100.1"));
    }

    ChatException throttled = assertRefused(ErrorCode.RATE_LIMITED,
        () -> auth.login(alice.username(), PASSWORD, "203.0.113.99"));
    assertTrue(throttled.retryAfterSeconds().orElseThrow() > 0);

    Caller bob = chat.employee(company, "bob");
    assertEquals(bob.userId(), auth.login(bob.username(), PASSWORD, "203.0.113.99").user().id(),
        "other accounts are not held up");
  }

  @Test
  void successfulLoginsSpendNoAllowance() {
    for (int i = 0; i < 60; i++) {
      assertEquals(alice.userId(), auth.login(alice.username(), PASSWORD, ADDRESS).user().id());
    }
  }

  @Test
  void aPlatformAdminWithoutAPasswordCannotLogIn() {
    String username = unique("root");
    chat.accounts().ensurePlatformAdmin(username, Optional.empty());
    assertRefused(ErrorCode.INVALID_CREDENTIALS, () -> auth.login(username, "", ADDRESS));
    assertRefused(ErrorCode.INVALID_CREDENTIALS, () -> auth.login(username, PASSWORD, ADDRESS));
  }

  @Test
  void thePlatformAdminLogsInWithoutACompany() throws Exception {
    String username = unique("root");
    chat.accounts().ensurePlatformAdmin(username, Optional.of(PASSWORD));

    AuthService.Session session = auth.login(username, PASSWORD, ADDRESS);

    assertEquals(Role.PLATFORM_ADMIN, session.user().role());
    assertNull(session.user().companyId());
    assertFalse(SignedJWT.parse(session.accessToken()).getJWTClaimsSet().getClaims()
        .containsKey("company_id"));
  }

  private static String sessionOf(AuthService.Session session) {
    try {
      return SignedJWT.parse(session.accessToken()).getJWTClaimsSet()
          .getStringClaim(TokenService.SESSION_CLAIM);
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }
}
