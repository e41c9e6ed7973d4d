package com.companychat.realtime.boundary;

import com.companychat.accounts.control.Caller;
import java.security.Principal;

/**
 * The authenticated caller of a socket, handed from the handshake to the session, with the
 * newest message id at handshake time (live delivery starts after it), and the login session
 * and expiry of its token (the socket ends with either, CONTRACT §6.7).
 */
record ChatPrincipal(Caller caller, long startId, String sessionId, java.time.Instant expiresAt)
    implements Principal {
  @Override
  public String getName() {
    return caller.username();
  }
}
