package com.companychat.client;

import com.companychat.client.net.ApiException;
import com.companychat.client.net.ChatApi;
import com.companychat.client.net.TokenStore;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logging out: the remembered refresh token is forgotten first, so that nothing can log the user
 * back in silently whatever the server does; the server is told in the background (the display
 * thread never waits for the network). If it cannot be told, the session ends there when its
 * refresh token expires.
 */
final class Logout {
  private static final Logger LOG = Logger.getLogger(Logout.class.getName());

  private Logout() {
  }

  /** Forgets the tokens now; returns the thread that tells the server (already started). */
  static Thread perform(ChatApi api, TokenStore tokens) {
    try {
      tokens.forget();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "The remembered session could not be deleted", e);
    }
    Thread tell = new Thread(() -> {
      try {
        api.logout();
      } catch (ApiException e) {
        LOG.log(Level.FINE, "The server was not told of the logout; the session expires there", e);
      }
    }, "logout");
    tell.setDaemon(true);
    tell.start();
    return tell;
  }
}
