package com.companychat.platform;

import com.companychat.accounts.control.LoginSessions;
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
 * token of a deactivated user, one issued for a role the user no longer has, or one of a
 * session that ended (logout, replay, password change or reset) is refused at once with 401,
 * long before it expires. A session of an administrator's one-time password may only change it
 * (403 {@code password_change_required} elsewhere). MicroProfile JWT has verified the token
 * already; {@link AccessTokens#read} reads the caller from its {@link JsonWebToken} with the
 * rules the socket applies too, and the token is not parsed again.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 1)
public class CallerFilter implements ContainerRequestFilter {

  /** The one path a session of an admin's one-time password may call (trailing slash or not). */
  private static final String PASSWORD_CHANGE = "auth/password";

  @Inject
  LoginSessions sessions;

  @Inject
  AccessTokens tokens;

  @Inject
  CurrentCaller current;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!(request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt)) {
      return;
    }
    Optional<AccessTokens.AccessToken> token = tokens.read(jwt);
    Optional<LoginSessions.Authenticated> caller =
        token.flatMap(t -> sessions.authenticate(t.userId(), t.role(), t.sessionId()));
    if (caller.isEmpty()) {
      request.abortWith(ErrorBody.response(ErrorCode.UNAUTHORIZED,
          "The token is invalid or no longer valid; log in again"));
      return;
    }
    if (caller.get().passwordChangeRequired() && !isPasswordChange(request)) {
      request.abortWith(ErrorBody.response(ErrorCode.PASSWORD_CHANGE_REQUIRED,
          "An administrator set this password; choose your own with POST /api/auth/password"));
      return;
    }
    current.set(caller.get().caller(), token.get().sessionId());
  }

  private static boolean isPasswordChange(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath().replaceAll("^/+|/+$", "");
    return "POST".equals(request.getMethod()) && PASSWORD_CHANGE.equals(path);
  }
}
