package com.companychat.realtime.boundary;

import com.companychat.accounts.control.Caller;
import java.security.Principal;

/**
 * The authenticated caller of a socket, handed from the handshake to the session, with the
 * newest message id at handshake time: live delivery starts after it.
 */
record ChatPrincipal(Caller caller, long startId) implements Principal {
  @Override
  public String getName() {
    return caller.username();
  }
}
