package com.companychat.platform;

import com.companychat.accounts.control.TokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The one verification of an access token, for REST, the socket handshake and the socket's
 * {@code auth} frame alike. MicroProfile JWT decides: REST gets the {@link JsonWebToken} from
 * Payara's MP-JWT authentication mechanism; a token that comes any other way ({@code ?token=},
 * an {@code auth} frame) goes through {@link #verify(String)} to the very identity store that
 * mechanism calls (Payara's {@code SignedJWTIdentityStore}, through the standard
 * {@link IdentityStoreHandler}), so signature, algorithm, issuer, expiry and every
 * {@code mp.jwt.verify.*} setting are checked by one code for all three.
 *
 * <p>{@link #read(JsonWebToken)} then adds what MP-JWT leaves to the application, equally for all:
 * {@code iat} and {@code nbf} not in the future (Payara accepts both, JwtAttackIT found it),
 * exactly one role, a numeric subject.
 *
 * <p>The store takes only Payara's own credential class; MP-JWT defines none. It is public and
 * exported by Payara's {@code microprofile-jwt-auth} module, on Payara Micro and Server alike,
 * and is looked up by name once at start: if a Payara release renames it, the application fails
 * to start rather than refuse every socket.
 */
@ApplicationScoped
public class AccessTokens {
  static final String PAYARA_CREDENTIAL = "fish.payara.microprofile.jwtauth.eesecurity.SignedJWTCredential";
  static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private IdentityStoreHandler identityStores;
  private Clock clock;
  private Constructor<? extends Credential> credential;

  protected AccessTokens() {}

  @Inject
  public AccessTokens(IdentityStoreHandler identityStores) {
    this(identityStores, Clock.systemUTC());
  }

  AccessTokens(IdentityStoreHandler identityStores, Clock clock) {
    this.identityStores = identityStores;
    this.clock = clock;
  }

  /** What a verified token says. */
  public record AccessToken(long userId, String role, String sessionId, Instant expiresAt) {}

  /** Finds Payara's credential class at deployment, not at the first socket. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    credential();
  }

  /**
   * A raw token verified by MicroProfile JWT, then read by {@link #read}; empty for anything
   * invalid, whatever the reason.
   */
  public Optional<AccessToken> verify(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    CredentialValidationResult result = identityStores.validate(credentialOf(token));
    return result.getStatus() == CredentialValidationResult.Status.VALID
        && result.getCallerPrincipal() instanceof JsonWebToken jwt ? read(jwt) : Optional.empty();
  }

  /** A token MicroProfile JWT has verified, if it also meets the application's rules. */
  public Optional<AccessToken> read(JsonWebToken jwt) {
    Optional<Instant> exp = time(jwt, Claims.exp);
    Set<String> groups = jwt.getGroups();
    String subject = jwt.getSubject();
    Instant now = clock.instant();
    if (exp.isEmpty() || !exp.get().isAfter(now.minus(CLOCK_SKEW))
        || time(jwt, Claims.iat).filter(iat -> iat.isAfter(now.plus(CLOCK_SKEW))).isPresent()
        || time(jwt, Claims.nbf).filter(nbf -> nbf.isAfter(now.plus(CLOCK_SKEW))).isPresent()
        || groups == null || groups.size() != 1 || subject == null || !subject.matches("[0-9]{1,18}")) {
      return Optional.empty();
    }
    Object sid = jwt.getClaim(TokenService.SESSION_CLAIM);
    String sessionId = sid instanceof JsonString json ? json.getString() : sid instanceof String s ? s : null;
    return Optional.of(new AccessToken(Long.parseLong(subject), groups.iterator().next(), sessionId, exp.get()));
  }

  /** A NumericDate claim, whether the implementation hands it over as a number or as JSON. */
  private static Optional<Instant> time(JsonWebToken jwt, Claims claim) {
    Object value = jwt.getClaim(claim.name());
    if (value instanceof JsonNumber json) {
      return Optional.of(Instant.ofEpochSecond(json.longValue()));
    }
    return value instanceof Number n ? Optional.of(Instant.ofEpochSecond(n.longValue())) : Optional.empty();
  }

  private Credential credentialOf(String token) {
    try {
      return credential().newInstance(token);
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("Cannot build " + PAYARA_CREDENTIAL, e);
    }
  }

  private Constructor<? extends Credential> credential() {
    if (credential == null) {
      try {
        credential = Class.forName(PAYARA_CREDENTIAL, true, AccessTokens.class.getClassLoader())
            .asSubclass(Credential.class).getConstructor(String.class);
      } catch (ClassNotFoundException | NoSuchMethodException | ClassCastException e) {
        throw new IllegalStateException(PAYARA_CREDENTIAL + " is missing: this Payara's MicroProfile JWT "
            + "cannot verify a socket's token", e);
      }
    }
    return credential;
  }
}
