package com.companychat.platform;

import com.companychat.accounts.control.AccountService;
import com.companychat.accounts.control.Caller;
import com.companychat.accounts.control.TokenVerifier;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns a verified token into the {@link CurrentCaller}, checking the account as it is now: a
 * token of a deactivated user, or one issued for a role the user no longer has, is refused at
 * once with 401, long before it expires. The token also goes through {@link TokenVerifier}, the
 * socket handshake's verifier: MicroProfile JWT accepts a token whose {@code iat} or
 * {@code nbf} lies in the future (JwtAttackIT found it), and REST and the socket must accept
 * exactly the same tokens.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 1)
public class CallerFilter implements ContainerRequestFilter {

  @Inject
  AccountService accounts;

  @Inject
  TokenVerifier tokens;

  @Inject
  CurrentCaller current;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!(request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt)) {
      return;
    }
    Optional<TokenVerifier.Verified> token = tokens.verify(jwt.getRawToken());
    Optional<Caller> caller = token.flatMap(t -> accounts.caller(t.userId(), t.role()));
    if (caller.isEmpty()) {
      request.abortWith(ErrorBody.response(ErrorCode.UNAUTHORIZED,
          "The token is invalid or no longer valid; log in again"));
      return;
    }
    current.set(caller.get(), token.get().sessionId());
  }
}
