package com.companychat.accounts.boundary;

import com.companychat.accounts.control.AuthService;
import com.companychat.accounts.control.LoginSessions;
import com.companychat.accounts.control.UserView;
import com.companychat.accounts.entity.Role;
import com.companychat.platform.CurrentCaller;
import com.companychat.platform.TrustedProxies;
import com.companychat.protocol.JsonFields;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Collections;

/**
 * CONTRACT §2: login, refresh, logout, me. Login and refresh carry no security annotation on
 * purpose: Payara's MP-JWT turns {@code @PermitAll} into a forced authentication that answers
 * 401 to every caller without a token.
 */
@Path("auth")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

  @Inject
  AuthService auth;

  @Inject
  LoginSessions sessions;

  @Inject
  CurrentCaller caller;

  @Inject
  TrustedProxies proxies;

  @Context
  HttpServletRequest http;

  public record TokenResponse(String accessToken, String tokenType, long expiresIn,
      String refreshToken, UserView user, boolean passwordChangeRequired, String passwordResetBy,
      Instant passwordResetAt) {

    static TokenResponse of(AuthService.Session session) {
      return new TokenResponse(session.accessToken(), "Bearer", session.expiresIn(),
          session.refreshToken(), session.user(), session.passwordChangeRequired(),
          session.passwordResetBy(), session.passwordResetAt());
    }
  }

  @POST
  @Path("login")
  public TokenResponse login(JsonValue body) {
    JsonFields fields = JsonFields.of(body);
    return TokenResponse.of(auth.login(fields.requiredString("username"),
        fields.requiredString("password"), clientAddress()));
  }

  /** The peer, or the client a trusted proxy names in X-Forwarded-For (every such header, in order). */
  private String clientAddress() {
    return proxies.clientAddress(http.getRemoteAddr(),
        String.join(",", Collections.list(http.getHeaders("X-Forwarded-For"))));
  }

  @POST
  @Path("refresh")
  public TokenResponse refresh(JsonValue body) {
    return TokenResponse.of(auth.refresh(JsonFields.of(body).requiredString("refresh_token")));
  }

  @POST
  @Path("logout")
  @RolesAllowed({Role.EMPLOYEE_NAME, Role.COMPANY_ADMIN_NAME, Role.PLATFORM_ADMIN_NAME})
  public void logout() {
    auth.logout(caller.get(), caller.sessionId());
  }

  /** CONTRACT §6.7: the only call a session of an admin's one-time password may make. */
  @POST
  @Path("password")
  @RolesAllowed({Role.EMPLOYEE_NAME, Role.COMPANY_ADMIN_NAME, Role.PLATFORM_ADMIN_NAME})
  public void changePassword(JsonValue body) {
    JsonFields fields = JsonFields.of(body);
    sessions.changePassword(caller.get(), caller.sessionId(), fields.optionalString("current_password"),
        fields.requiredString("new_password"));
  }

  @GET
  @Path("me")
  @RolesAllowed({Role.EMPLOYEE_NAME, Role.COMPANY_ADMIN_NAME, Role.PLATFORM_ADMIN_NAME})
  public UserView me() {
    return auth.me(caller.get());
  }
}
