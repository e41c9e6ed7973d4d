package com.companychat.client;

import com.companychat.client.net.ApiException;
import com.companychat.client.net.ChatApi;
import com.companychat.client.net.TokenStore;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Renews the access token a minute before it expires, and remembers the rotated refresh token. */
final class TokenRefresher {
  private final ChatApi api;
  private final TokenStore tokens;
  private final String server;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "token-refresh");
    t.setDaemon(true);
    return t;
  });
  private volatile ChatApi.Session session;
  private long lastRefresh;

  TokenRefresher(ChatApi api, ChatApi.Session session, TokenStore tokens, String server) {
    this.api = api;
    this.session = session;
    this.tokens = tokens;
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
  }

  void start() {
    schedule(Math.max(10, session.expiresIn() - 60));
  }

  /** The server refused the token: refresh now rather than at the planned time. */
  void refreshNow() {
    if (!timer.isShutdown()) {
      timer.execute(this::refresh);
    }
  }

  void stop() {
    timer.shutdownNow();
  }

  private void schedule(long seconds) {
    timer.schedule(this::refresh, seconds, TimeUnit.SECONDS);
  }

  private synchronized void refresh() {
    if (System.currentTimeMillis() - lastRefresh < 2_000) {
      return;
    }
    try {
      session = api.refresh(session.refreshToken());
      lastRefresh = System.currentTimeMillis();
      api.useToken(session.accessToken());
      if (tokens.load().isPresent()) {
        tokens.save(new TokenStore.Remembered(server, session.username(), session.refreshToken()));
      }
      schedule(Math.max(10, session.expiresIn() - 60));
    } catch (ApiException | IOException e) {
      schedule(15);
    }
  }
}
