package com.companychat.realtime.boundary;

import com.companychat.accounts.control.LoginSessions;
import com.companychat.accounts.control.Caller;
import com.companychat.platform.AccessTokens;
import com.companychat.platform.ChatException;
import com.companychat.platform.ErrorBody;
import com.companychat.platform.ErrorCode;
import com.companychat.platform.JsonbProvider;
import com.companychat.platform.QueryParams;
import com.companychat.platform.SocketSettings;
import com.companychat.realtime.control.SocketRegistry;
import com.companychat.stream.control.EventLog;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Authenticates the socket upgrade before any 101: the access token from
 * {@code Authorization: Bearer} or {@code ?token=} must be valid now and its user active, else
 * HTTP 401 and no session exists (403 for a session of an administrator's one-time
 * password, HTTP 503 when the database cannot tell). MicroProfile JWT verifies the token, as
 * for REST: a bearer header it has verified already (its {@link JsonWebToken} is the
 * principal; one it refused never gets here), a {@code ?token=} through {@link AccessTokens},
 * which hands it to MP-JWT's identity store. MP-JWT does not guard a {@code @ServerEndpoint},
 * so this filter does. The token is never logged.
 */
@WebFilter(filterName = "HandshakeFilter", urlPatterns = {"/ws/chat", "/ws/chat/"})
public class HandshakeFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(HandshakeFilter.class.getName());

  @Inject
  AccessTokens tokens;

  @Inject
  LoginSessions sessions;

  @Inject
  EventLog log;

  @Inject
  SocketRegistry sockets;

  @Inject
  SocketSettings settings;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    ChatPrincipal principal;
    try {
      Optional<AccessTokens.AccessToken> token = request.getUserPrincipal() instanceof JsonWebToken jwt
          ? tokens.read(jwt) : tokens.verify(tokenOf(request));
      Optional<LoginSessions.Authenticated> authenticated =
          token.flatMap(t -> sessions.authenticate(t.userId(), t.role(), t.sessionId()));
      if (authenticated.isEmpty()) {
        refuse(response, ErrorCode.UNAUTHORIZED, "A valid access token is required");
        return;
      }
      if (authenticated.get().passwordChangeRequired()) {
        refuse(response, ErrorCode.PASSWORD_CHANGE_REQUIRED, "Choose your own password first");
        return;
      }
      Caller caller = authenticated.get().caller();
      if (caller.companyId() == null) {
        refuse(response, ErrorCode.FORBIDDEN, "The platform administrator has no company chat");
        return;
      }
      // Per instance, counted among the sockets registered here: handshakes of one user racing
      // each other may pass together, so the bound holds up to that many more (CONTRACT §6.7).
      if (sockets.ofUser(caller.userId()).size() >= settings.maxPerUser()) {
        refuse(response, ErrorCode.RATE_LIMITED, "At most " + settings.maxPerUser() + " open sockets per user");
        return;
      }
      Long since = since(request);
      principal = new ChatPrincipal(caller, since != null ? since : log.lastSeq(caller.userId()), since != null,
          token.get().sessionId(), token.get().expiresAt());
    } catch (ChatException e) {
      // The database is away or overloaded (a reconnect storm): 503, which clients retry, not a 500.
      refuse(response, e.code(), e.getMessage());
      return;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not authenticate a socket upgrade; answered 503", e);
      refuse(response, ErrorCode.UNAVAILABLE, "Try again later");
      return;
    }
    chain.doFilter(new Authenticated(request, principal), response);
  }

  /** {@code ?since=SEQ} (CONTRACT §6.1), null when absent; else a whole number of at least 0. */
  private static Long since(HttpServletRequest request) {
    Long since = QueryParams.optionalLong("since", request.getParameter("since"));
    if (since != null && since < 0) {
      throw ChatException.badRequest("since must not be negative");
    }
    return since;
  }

  private static String tokenOf(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).strip();
    }
    return request.getParameter("token");
  }

  private static void refuse(HttpServletResponse response, ErrorCode code, String message) throws IOException {
    response.setStatus(code.status());
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    if (code == ErrorCode.UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    response.getWriter().write(JsonbProvider.toJson(ErrorBody.of(code, message)));
  }

  /** The upgrade request, carrying the authenticated caller as its principal. */
  private static final class Authenticated extends HttpServletRequestWrapper {
    private final ChatPrincipal principal;

    Authenticated(HttpServletRequest request, ChatPrincipal principal) {
      super(request);
      this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }
  }
}
