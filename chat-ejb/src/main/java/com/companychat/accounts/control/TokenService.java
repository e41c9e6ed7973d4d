package com.companychat.accounts.control;

import com.companychat.accounts.entity.UserAccount;
import com.companychat.platform.ChatSettings;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Issues the RS256 access tokens that MicroProfile JWT verifies (CONTRACT §2), and the opaque
 * refresh tokens that only the database knows, by hash.
 */
@ApplicationScoped
public class TokenService {
  /** The claim naming the login session; logout revokes that session's refresh tokens. */
  public static final String SESSION_CLAIM = "sid";

  private static final SecureRandom RANDOM = new SecureRandom();

  private RSASSASigner signer;
  private String issuer;
  private Duration accessTtl;
  private Clock clock;

  protected TokenService() {}

  @Inject
  public TokenService(ChatSettings settings, KeyPair keys) {
    this(keys, settings.jwtIssuer(), settings.accessTokenTtl(), Clock.systemUTC());
  }

  public TokenService(KeyPair keys, String issuer, Duration accessTtl, Clock clock) {
    this.signer = new RSASSASigner(keys.getPrivate());
    this.issuer = issuer;
    this.accessTtl = accessTtl;
    this.clock = clock;
  }

  public record AccessToken(String token, long expiresIn) {}

  public AccessToken accessToken(UserAccount account, String sessionId) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(Long.toString(account.id()))
        .claim("upn", account.username())
        .claim("groups", List.of(account.role().name()))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(accessTtl)))
        .jwtID(UUID.randomUUID().toString())
        .claim(SESSION_CLAIM, sessionId);
    if (account.companyId() != null) {
      claims.claim("company_id", account.companyId());
    }
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an access token", e);
    }
    return new AccessToken(jwt.serialize(), accessTtl.toSeconds());
  }

  /** A new refresh token: 256 random bits, URL-safe. */
  public static String newRefreshToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** What the database keeps of a refresh token. */
  public static String hashOf(String refreshToken) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(refreshToken.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
