package com.companychat.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.accounts.entity.Role;
import com.companychat.accounts.entity.UserAccount;
import com.companychat.platform.ChatFixture;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The access token is what MicroProfile JWT expects (CONTRACT §2); refresh tokens are opaque. */
class TokenServiceTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

  private static ChatFixture chat;
  private static KeyPair keys;
  private static TokenService tokens;
  private static UserAccount alice;

  @BeforeAll
  static void provision() {
    chat = ChatFixture.onH2();
    keys = ChatFixture.newKeyPair();
    tokens = new TokenService(keys, "company-chat", Duration.ofMinutes(15), Clock.fixed(NOW, ZoneOffset.UTC));
    long company = chat.company();
    long aliceId = chat.member(company, "alice", null, Role.COMPANY_ADMIN).userId();
    alice = chat.db().read(em -> em.find(UserAccount.class, aliceId));
  }

  @AfterAll
  static void closeDatabase() {
    chat.close();
  }

  @Test
  void theAccessTokenIsAnRs256JwtThatThePublicKeyVerifies() throws Exception {
    SignedJWT jwt = SignedJWT.parse(tokens.accessToken(alice, "session-1").token());

    assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
    assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
    assertTrue(jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic())));
  }

  @Test
  void anotherKeyDoesNotVerifyIt() throws Exception {
    SignedJWT jwt = SignedJWT.parse(tokens.accessToken(alice, "session-1").token());
    RSAPublicKey other = (RSAPublicKey) ChatFixture.newKeyPair().getPublic();
    assertFalse(jwt.verify(new RSASSAVerifier(other)));
  }

  @Test
  void itCarriesTheClaimsOfTheContract() throws Exception {
    TokenService.AccessToken access = tokens.accessToken(alice, "session-1");
    JWTClaimsSet claims = SignedJWT.parse(access.token()).getJWTClaimsSet();

    assertEquals("company-chat", claims.getIssuer());
    assertEquals(Long.toString(alice.id()), claims.getSubject());
    assertEquals(alice.username(), claims.getStringClaim("upn"));
    assertEquals(List.of("COMPANY_ADMIN"), claims.getStringListClaim("groups"));
    assertEquals(alice.companyId(), claims.getLongClaim("company_id"));
    assertEquals(NOW, claims.getIssueTime().toInstant());
    assertEquals(NOW.plus(Duration.ofMinutes(15)), claims.getExpirationTime().toInstant());
    assertFalse(claims.getJWTID().isBlank());
    assertEquals("session-1", claims.getStringClaim(TokenService.SESSION_CLAIM));
    assertEquals(900, access.expiresIn());
  }

  @Test
  void everyTokenHasItsOwnId() throws Exception {
    String first = SignedJWT.parse(tokens.accessToken(alice, "s").token()).getJWTClaimsSet().getJWTID();
    String second = SignedJWT.parse(tokens.accessToken(alice, "s").token()).getJWTClaimsSet().getJWTID();
    assertNotEquals(first, second);
  }

  @Test
  void thePlatformAdminsTokenHasNoCompanyId() throws Exception {
    String username = ChatFixture.unique("root");
    chat.accounts().ensurePlatformAdmin(username, Optional.empty());
    UserAccount root = chat.db().read(em -> AuthService.byUsernameKey(em, UserAccount.keyOf(username)))
        .orElseThrow();

    JWTClaimsSet claims = SignedJWT.parse(tokens.accessToken(root, "s").token()).getJWTClaimsSet();

    assertEquals(List.of("PLATFORM_ADMIN"), claims.getStringListClaim("groups"));
    assertFalse(claims.getClaims().containsKey("company_id"));
  }

  @Test
  void refreshTokensAreLongRandomAndUrlSafe() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String token = TokenService.newRefreshToken();
      assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
      assertTrue(seen.add(token));
    }
  }

  @Test
  void aRefreshTokensHashIsItsSha256InHex() {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        TokenService.hashOf("abc"));
    String token = TokenService.newRefreshToken();
    assertEquals(TokenService.hashOf(token), TokenService.hashOf(token));
    assertNotEquals(TokenService.hashOf(token), TokenService.hashOf(TokenService.newRefreshToken()));
  }
}
