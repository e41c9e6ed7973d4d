package com.companychat.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.platform.ChatFixture;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one verifier that REST (after MicroProfile JWT) and the socket handshake share: what it
 * accepts and, above all, what it refuses.
 */
class TokenVerifierTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
  private static final KeyPair KEYS = ChatFixture.newKeyPair();

  private final TokenVerifier verifier = new TokenVerifier((RSAPublicKey) KEYS.getPublic(), "company-chat",
      Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aWellFormedTokenOfOurKeyAndIssuerIsAccepted() throws Exception {
    TokenVerifier.Verified verified = verifier.verify(signed(claims())).orElseThrow();
    assertEquals(new TokenVerifier.Verified(7, "EMPLOYEE", "s-1", NOW.plusSeconds(900)), verified);
  }

  @Test
  void aTokenIssuedOrValidOnlyInTheFutureIsRefused() throws Exception {
    Date later = Date.from(NOW.plusSeconds(3600));
    assertTrue(verifier.verify(signed(claims().issueTime(later).expirationTime(Date.from(NOW.plusSeconds(4000)))))
        .isEmpty(), "iat an hour ahead");
    assertTrue(verifier.verify(signed(claims().notBeforeTime(later))).isEmpty(), "nbf an hour ahead");
  }

  @Test
  void clocksAFewSecondsApartAreTolerated() throws Exception {
    Date soon = Date.from(NOW.plusSeconds(10));
    assertTrue(verifier.verify(signed(claims().issueTime(soon).notBeforeTime(soon))).isPresent());
  }

  @Test
  void expiredMissingExpiryWrongIssuerAndHmacAreRefused() throws Exception {
    assertTrue(verifier.verify(signed(claims().expirationTime(Date.from(NOW.minusSeconds(120))))).isEmpty());
    assertTrue(verifier.verify(signed(claims().expirationTime(null))).isEmpty());
    assertTrue(verifier.verify(signed(claims().issuer("someone-else"))).isEmpty());
    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
    hmac.sign(new MACSigner(KEYS.getPublic().getEncoded()));
    assertTrue(verifier.verify(hmac.serialize()).isEmpty(), "HS256 keyed with the public key");
  }

  @Test
  void aTokenWithoutExactlyOneRoleOrANumericSubjectIsRefused() throws Exception {
    assertTrue(verifier.verify(signed(claims().claim("groups", List.of("EMPLOYEE", "PLATFORM_ADMIN")))).isEmpty());
    assertTrue(verifier.verify(signed(claims().subject("alice"))).isEmpty());
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().issuer("company-chat").subject("7").claim("groups", List.of("EMPLOYEE"))
        .claim(TokenService.SESSION_CLAIM, "s-1").issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plusSeconds(900)));
  }

  private static String signed(JWTClaimsSet.Builder claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
    jwt.sign(new RSASSASigner(KEYS.getPrivate()));
    return jwt.serialize();
  }
}
