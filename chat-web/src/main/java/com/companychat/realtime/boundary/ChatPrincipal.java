package com.companychat.realtime.boundary;

import com.companychat.accounts.control.Caller;
import java.security.Principal;

/**
 * The authenticated caller of a socket, handed from the handshake to the session, with the seq
 * that delivery starts after: the {@code ?since=} of a resume (CONTRACT §6.1), else the user's
 * newest seq at handshake time; and the login session and expiry of its token (the socket ends
 * with either, CONTRACT §6.7).
 */
record ChatPrincipal(Caller caller, long startSeq, boolean resume, String sessionId, java.time.Instant expiresAt)
    implements Principal {
  @Override
  public String getName() {
    return caller.username();
  }
}
