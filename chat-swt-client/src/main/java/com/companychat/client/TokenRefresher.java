package com.companychat.client;

import com.companychat.client.net.ApiException;
import com.companychat.client.net.ChatApi;
import com.companychat.client.net.TokenStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

/**
 * Renews the access token a minute before it expires, and remembers the rotated refresh token.
 * One timer per session: a refresh asked for early replaces the planned one. A refresh the
 * server refuses for good (401/403: the refresh token expired or was revoked) stops the timer
 * and reports the username, so that the user is asked to log in again; anything else is tried
 * again after {@link #RETRY}. Every renewed token is reported ({@link #onRefreshed}), so that
 * the open socket is told of it (CONTRACT §6.7).
 */
final class TokenRefresher {
  private final ChatApi api;
  private final TokenStore tokens;
  private final String server;
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "token-refresh");
    t.setDaemon(true);
    return t;
  });
  static final Duration RETRY = Duration.ofSeconds(15);
  private final Duration retry;
  private volatile ChatApi.Session session;
  private long lastRefresh;
  private ScheduledFuture<?> next;
  private volatile Consumer<String> onExpired = username -> { };
  private volatile Runnable onRefreshed = () -> { };

  TokenRefresher(ChatApi api, ChatApi.Session session, TokenStore tokens, String server) {
    this(api, session, tokens, server, RETRY);
  }

  TokenRefresher(ChatApi api, ChatApi.Session session, TokenStore tokens, String server, Duration retry) {
    this.retry = retry;
    timer.setRemoveOnCancelPolicy(true);
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

  /**
   * The server closed the socket for its token or its session: the server is asked now, even
   * right after a refresh (the session may have ended since), and the answer decides.
   */
  void renewNow() {
    if (!timer.isShutdown()) {
      timer.execute(() -> renew(true));
    }
  }

  void stop() {
    timer.shutdownNow();
  }

  /** Called (on the timer's thread) with the username when the session cannot be renewed any more. */
  void onExpired(Consumer<String> action) {
    this.onExpired = action;
  }

  /** Called (on the timer's thread) after each renewal, with the new access token in use. */
  void onRefreshed(Runnable action) {
    this.onRefreshed = action;
  }

  /** For tests: the refreshes planned (at most one). */
  int planned() {
    return timer.getQueue().size();
  }

  private void schedule(long seconds) {
    scheduleMillis(seconds * 1_000);
  }

  private synchronized void scheduleMillis(long millis) {
    if (next != null) {
      next.cancel(false);
    }
    if (!timer.isShutdown()) {
      next = timer.schedule(this::refresh, millis, TimeUnit.MILLISECONDS);
    }
  }

  private void refresh() {
    renew(false);
  }

  private synchronized void renew(boolean evenIfJustDone) {
    if (!evenIfJustDone && System.currentTimeMillis() - lastRefresh < 2_000) {
      return;
    }
    try {
      session = api.refresh(session.refreshToken());
      lastRefresh = System.currentTimeMillis();
      api.useToken(session.accessToken());
      onRefreshed.run();
      if (tokens.load().isPresent()) {
        tokens.save(new TokenStore.Remembered(server, session.username(), session.refreshToken()));
      }
      schedule(Math.max(10, session.expiresIn() - 60));
    } catch (ApiException e) {
      if (e.status() == 401 || e.status() == 403) {
        stop();
        onExpired.accept(session.username());
      } else {
        scheduleMillis(retry.toMillis());
      }
    } catch (IOException e) {
      scheduleMillis(retry.toMillis());
    }
  }
}
