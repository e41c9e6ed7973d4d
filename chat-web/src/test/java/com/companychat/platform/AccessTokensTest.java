package com.companychat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.platform.AccessTokens.AccessToken;
import fish.payara.microprofile.jwtauth.eesecurity.SignedJWTCredential;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * The one token verification of REST, handshake and {@code auth} frame: a raw token goes to
 * MicroProfile JWT's identity store and nowhere else, and the rules on top of MP-JWT's verdict
 * accept and refuse as they should.
 */
class AccessTokensTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

  /** Stands in for Payara's SignedJWTIdentityStore behind the standard handler. */
  private final List<String> validated = new ArrayList<>();
  private final Map<String, JsonWebToken> valid = new HashMap<>();
  private final IdentityStoreHandler store = (Credential credential) -> {
    String raw = ((SignedJWTCredential) credential).getSignedJWT();
    validated.add(raw);
    JsonWebToken jwt = valid.get(raw);
    return jwt == null ? CredentialValidationResult.INVALID_RESULT
        : new CredentialValidationResult((CallerPrincipal) jwt, jwt.getGroups());
  };
  private final AccessTokens tokens = new AccessTokens(store, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aRawTokenIsDecidedByMicroProfileJwtsIdentityStore() {
    valid.put("good", jwt(claims()));
    assertEquals(new AccessToken(7, "EMPLOYEE", "s-1", NOW.plusSeconds(900)), tokens.verify("good").orElseThrow());
    assertTrue(tokens.verify("refused-by-the-store").isEmpty());
    assertEquals(List.of("good", "refused-by-the-store"), validated, "every raw token went to the store");
  }

  @Test
  void noTokenNeverReachesTheStore() {
    assertTrue(tokens.verify(null).isEmpty());
    assertTrue(tokens.verify(" ").isEmpty());
    assertEquals(List.of(), validated);
  }

  @Test
  void theStoresVerdictIsNotOverruledButNarrowedByTheApplicationsRules() {
    Map<String, Object> future = claims();
    future.put("iat", NOW.plusSeconds(3600).getEpochSecond());
    valid.put("iat ahead", jwt(future));
    assertTrue(tokens.verify("iat ahead").isEmpty(), "valid for the store, refused by the rules");
  }

  @Test
  void aVerifiedTokenIsReadWithoutTheStore() {
    assertEquals(new AccessToken(7, "EMPLOYEE", "s-1", NOW.plusSeconds(900)), tokens.read(jwt(claims())).orElseThrow());
    assertEquals(List.of(), validated);
  }

  @Test
  void aTokenIssuedOrValidOnlyInTheFutureIsRefused() {
    Map<String, Object> iat = claims();
    iat.put("iat", NOW.plusSeconds(3600).getEpochSecond());
    iat.put("exp", NOW.plusSeconds(4000).getEpochSecond());
    assertTrue(tokens.read(jwt(iat)).isEmpty(), "iat an hour ahead");
    Map<String, Object> nbf = claims();
    nbf.put("nbf", NOW.plusSeconds(3600).getEpochSecond());
    assertTrue(tokens.read(jwt(nbf)).isEmpty(), "nbf an hour ahead");
  }

  @Test
  void clocksAFewSecondsApartAreTolerated() {
    Map<String, Object> soon = claims();
    soon.put("iat", NOW.plusSeconds(10).getEpochSecond());
    soon.put("nbf", NOW.plusSeconds(10).getEpochSecond());
    assertTrue(tokens.read(jwt(soon)).isPresent());
  }

  @Test
  void anExpiredOrUnexpiringTokenIsRefused() {
    Map<String, Object> expired = claims();
    expired.put("exp", NOW.minusSeconds(120).getEpochSecond());
    assertTrue(tokens.read(jwt(expired)).isEmpty());
    Map<String, Object> noExp = claims();
    noExp.remove("exp");
    assertTrue(tokens.read(jwt(noExp)).isEmpty());
  }

  @Test
  void aTokenWithoutExactlyOneRoleOrANumericSubjectIsRefused() {
    Map<String, Object> twoRoles = claims();
    twoRoles.put("groups", Set.of("EMPLOYEE", "PLATFORM_ADMIN"));
    assertTrue(tokens.read(jwt(twoRoles)).isEmpty());
    Map<String, Object> noRole = claims();
    noRole.remove("groups");
    assertTrue(tokens.read(jwt(noRole)).isEmpty());
    Map<String, Object> named = claims();
    named.put("sub", "alice");
    assertTrue(tokens.read(jwt(named)).isEmpty());
  }

  @Test
  void aTokenWithoutSessionIsReadWithoutOne() {
    Map<String, Object> claims = claims();
    claims.remove("sid");
    assertEquals(null, tokens.read(jwt(claims)).orElseThrow().sessionId());
  }

  private static Map<String, Object> claims() {
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", "company-chat");
    claims.put("sub", "7");
    claims.put("groups", Set.of("EMPLOYEE"));
    claims.put("sid", "s-1");
    claims.put("iat", NOW.getEpochSecond());
    claims.put("exp", NOW.plusSeconds(900).getEpochSecond());
    return claims;
  }

  /** As Payara's JsonWebTokenImpl hands claims over: times as Long, groups as a set. */
  private static JsonWebToken jwt(Map<String, Object> claims) {
    return new Verified(claims);
  }

  private static final class Verified extends CallerPrincipal implements JsonWebToken {
    private final Map<String, Object> claims;

    Verified(Map<String, Object> claims) {
      super(String.valueOf(claims.get("sub")));
      this.claims = claims;
    }

    @Override
    public Set<String> getClaimNames() {
      return claims.keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String name) {
      return (T) claims.get(name);
    }
  }
}
