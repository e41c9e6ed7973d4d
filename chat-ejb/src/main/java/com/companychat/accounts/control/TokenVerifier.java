package com.companychat.accounts.control;

import com.companychat.platform.ChatSettings;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Verifies an access token where MicroProfile JWT does not reach: the socket handshake, whose
 * token may also come as {@code ?token=}. The same rules as REST: RS256 only and by our key
 * (no {@code alg: none}, no HMAC, no key named by the token's own headers), our issuer, not
 * expired, not issued or valid only in the future.
 */
@ApplicationScoped
public class TokenVerifier {
  static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private RSASSAVerifier verifier;
  private String issuer;
  private Clock clock;

  protected TokenVerifier() {}

  @Inject
  public TokenVerifier(ChatSettings settings, java.security.KeyPair keys) {
    this((RSAPublicKey) keys.getPublic(), settings.jwtIssuer(), Clock.systemUTC());
  }

  public TokenVerifier(RSAPublicKey key, String issuer, Clock clock) {
    this.verifier = new RSASSAVerifier(key);
    this.issuer = issuer;
    this.clock = clock;
  }

  /** What a verified token says. */
  public record Verified(long userId, String role, String sessionId, Instant expiresAt) {}

  /** The token's claims if it is valid now; empty for anything else, whatever the reason. */
  public Optional<Verified> verify(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!issuer.equals(claims.getIssuer()) || !timely(claims)) {
        return Optional.empty();
      }
      List<String> groups = claims.getStringListClaim("groups");
      if (groups == null || groups.size() != 1) {
        return Optional.empty();
      }
      return Optional.of(new Verified(Long.parseLong(claims.getSubject()), groups.get(0),
          claims.getStringClaim(TokenService.SESSION_CLAIM), claims.getExpirationTime().toInstant()));
    } catch (ParseException | JOSEException | NumberFormatException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  private boolean timely(JWTClaimsSet claims) {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    Date iat = claims.getIssueTime();
    Date nbf = claims.getNotBeforeTime();
    return exp != null && exp.toInstant().isAfter(now.minus(CLOCK_SKEW))
        && (iat == null || !iat.toInstant().isAfter(now.plus(CLOCK_SKEW)))
        && (nbf == null || !nbf.toInstant().isAfter(now.plus(CLOCK_SKEW)));
  }
}
