package com.companychat.client.net;

import com.companychat.client.model.Backoff;
import com.companychat.client.model.ConnectionHealth;
import com.companychat.client.model.ConnectionStatus;
import com.companychat.client.model.Outbox;
import com.companychat.protocol.ClientFrame;
import com.companychat.protocol.FrameCodec;
import com.companychat.protocol.ProtocolException;
import com.companychat.protocol.ServerFrame;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.tyrus.client.ClientManager;

/**
 * The connection to the server. The socket first (Tyrus, bearer header), reconnecting with
 * backoff and jitter for as long as the app runs; after {@link Backoff#FALLBACK_AFTER} failures
 * the app works over REST meanwhile (polling {@code messages?after=}, sending with
 * {@code POST /api/chat/send/}). After every (re)connect it catches up from the last id it
 * holds and sends what waits in the outbox. All work happens on its own executor; listeners are
 * called from background threads.
 *
 * <p>The socket lives as long as the login session (CONTRACT §6.7): each renewed access token is
 * sent on it ({@code auth}), so it never expires while the client refreshes. A socket the server
 * closes for its token (4401) or its session (1008: logout elsewhere, password change,
 * deactivation) is not reopened with the token it had: the session is refreshed first, once,
 * and the socket reopens with the fresh token (after a 1008, with the usual backoff: the session
 * lives, the socket was closed for something else); a refused refresh ends the session in the app.
 */
public final class ChatManager implements AutoCloseable {
  static final Duration POLL = Duration.ofSeconds(3);
  private static final Logger LOG = Logger.getLogger(ChatManager.class.getName());
  private static final Set<String> RETRIABLE = Set.of("rate_limited", "unavailable");
  /** The server's close code for a socket whose access token expired unrefreshed. */
  static final int TOKEN_EXPIRED = 4401;
  /** Shown on a message the server kept refusing for now ({@link SendRetry#MAX_ATTEMPTS} times). */
  public static final String GAVE_UP = com.companychat.client.model.Message.GAVE_UP;

  /** What the manager reports; called from background threads. */
  public interface Listener {
    void message(ServerFrame.ChatMessage message);

    void userStatus(ServerFrame.UserStatus status);

    void messagesRead(ServerFrame.MessagesRead read);

    void typing(ServerFrame.TypingIndicator typing);

    void status(ConnectionStatus status);

    /** The server refused one of my messages for good. */
    void refused(String clientMsgId, String reason);

    /** Connected again after a gap: presence and badges should be read afresh. */
    void resynced();
  }

  private final ChatApi api;
  private final Outbox outbox;
  private final Listener listener;
  private final Backoff backoff;
  private final ScheduledExecutorService executor;
  private final long me;
  private final ClientManager sockets = ClientManager.createClient();
  private final URI socketUri;
  private volatile Session session;
  private final Object sessionLock = new Object();
  private volatile boolean closing;
  private volatile long lastId;
  private volatile boolean polling;
  /** Closed for its token or its session: reopened after the refresh, not before. */
  private volatile boolean awaitingToken;
  /** Closed for its session (1008) yet the session lives (a slow consumer): reopened with backoff. */
  private volatile boolean backOffAfterToken;
  private final java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
  private volatile Runnable onUnauthorized = () -> { };
  private volatile Runnable onClosedForSession = () -> { };
  private volatile ConnectionHealth health = new ConnectionHealth();
  private final SendRetry retry = new SendRetry(new Backoff(new java.security.SecureRandom(),
      Duration.ofSeconds(1), Duration.ofSeconds(16)));

  public ChatManager(ChatApi api, Outbox outbox, Listener listener, Backoff backoff,
      ScheduledExecutorService executor, long me, long lastId) {
    this(api, outbox, listener, backoff, executor, me, lastId,
        URI.create(api.base().toString().replaceFirst("^http", "ws") + "ws/chat/"));
  }

  /** With an explicit socket address (a proxy, or a test that blocks the socket on purpose). */
  public ChatManager(ChatApi api, Outbox outbox, Listener listener, Backoff backoff,
      ScheduledExecutorService executor, long me, long lastId, URI socketUri) {
    this.socketUri = socketUri;
    this.api = api;
    this.outbox = outbox;
    this.listener = listener;
    this.backoff = backoff;
    this.executor = executor;
    this.me = me;
    this.lastId = lastId;
  }

  /** What to do when the server says the access token is no longer good (refresh it now). */
  public void onUnauthorized(Runnable action) {
    this.onUnauthorized = action;
  }

  /**
   * What to do when the server closes the socket for its token (4401) or its session (1008):
   * renew the session now, asking the server even right after a refresh. The socket reopens on
   * the {@link #tokenRefreshed()} that follows a success.
   */
  public void onClosedForSession(Runnable action) {
    this.onClosedForSession = action;
  }

  public void start() {
    listener.status(ConnectionStatus.CONNECTING);
    executor.execute(this::connect);
    executor.scheduleWithFixedDelay(this::checkHealth, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * A fresh access token (after each refresh): the open socket is told, so it lives on; a
   * socket closed for want of one reopens now.
   */
  public void tokenRefreshed() {
    executor.execute(() -> {
      if (sendFrame(new ClientFrame.Auth(api.token()))) {
        return;
      }
      if (awaitingToken) {
        awaitingToken = false;
        if (backOffAfterToken) {
          retryLater();
        } else {
          connect();
        }
      }
    });
  }

  /** For tests: how many times a socket was asked for (opened or not). */
  public int connectAttempts() {
    return attempts.get();
  }

  /** For tests: other ping and stability periods. Before {@link #start()}. */
  void useHealth(ConnectionHealth other) {
    this.health = other;
  }

  /** Queues a message: it is on disk before this returns, and sent as soon as possible. */
  public Outbox.Entry send(long receiverId, String text) {
    Outbox.Entry entry = outbox.add(receiverId, text, Clock.systemUTC().instant());
    executor.execute(() -> deliver(entry));
    return entry;
  }

  /** A message given up after refusals is queued again (same client id), with a fresh count of attempts. */
  public void resend(Outbox.Entry entry) {
    outbox.again(entry);
    executor.execute(() -> deliver(entry));
  }

  public void typing(long receiverId, boolean isTyping) {
    executor.execute(() -> sendFrame(new ClientFrame.Typing(receiverId, isTyping)));
  }

  /** The conversation with {@code senderId} is shown: everything from them is read. */
  public void markRead(long senderId) {
    executor.execute(() -> {
      if (!sendFrame(new ClientFrame.MarkRead(senderId))) {
        try {
          api.markRead(senderId);
        } catch (ApiException e) {
          LOG.log(Level.FINE, "mark-read failed; the badge stays until it succeeds", e);
        }
      }
    });
  }

  public boolean isSocketOpen() {
    Session s = session;
    return s != null && s.isOpen();
  }

  @Override
  public void close() {
    closing = true;
    Session s = session;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "close", e);
      }
    }
    executor.shutdownNow();
  }

  private void connect() {
    if (closing || awaitingToken || isSocketOpen()) {
      return;
    }
    attempts.incrementAndGet();
    try {
      Session opened = sockets.connectToServer(new SocketEndpoint(), config(), socketUri);
      synchronized (sessionLock) {
        // closed already (a server that accepts and closes): its onClose saw no session to retry
        if (!opened.isOpen()) {
          throw new IOException("closed right after opening");
        }
        session = opened;
      }
      health.opened(Clock.systemUTC().instant());
      polling = false;
      listener.status(ConnectionStatus.CONNECTED);
      if (lastId >= 0) {
        catchUp();
      }
      flushOutbox();
      listener.resynced();
    } catch (Exception e) {
      if (isUnauthorized(e)) {
        onUnauthorized.run();
      }
      retryLater();
    }
  }

  private void retryLater() {
    if (closing) {
      return;
    }
    Duration delay = backoff.failed();
    if (backoff.useRestFallback()) {
      listener.status(new ConnectionStatus(ConnectionStatus.State.REST_FALLBACK, delay.toSeconds()));
      startPolling();
    } else {
      listener.status(new ConnectionStatus(ConnectionStatus.State.RECONNECTING, Math.max(1, delay.toSeconds())));
    }
    executor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void startPolling() {
    if (polling) {
      return;
    }
    polling = true;
    executor.execute(this::poll);
  }

  private void poll() {
    if (!polling || closing) {
      return;
    }
    try {
      if (lastId < 0) {
        lastId = newestId();
      }
      catchUp();
      flushOutbox();
    } catch (ApiException | RuntimeException e) {
      LOG.log(Level.FINE, "poll failed", e);
    }
    executor.schedule(this::poll, POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Where polling starts when no message was seen yet this session: the newest id there is,
   * found by paging (history before it is read per conversation, when shown).
   */
  private long newestId() throws ApiException {
    long newest = 0;
    while (true) {
      List<ServerFrame.ChatMessage> page = api.messagesAfter(newest);
      if (page.isEmpty()) {
        return newest;
      }
      newest = page.get(page.size() - 1).messageId();
    }
  }

  /** The newest message id this session holds; -1 until the first connect or poll established it. */
  public long lastId() {
    return lastId;
  }

  /** A message seen elsewhere (a conversation page): catch-up need not start before it. */
  public void observed(long messageId) {
    lastId = Math.max(lastId, messageId);
  }

  /** Everything after the last id I hold, page by page: nothing missed while away. */
  private void catchUp() {
    try {
      while (true) {
        List<ServerFrame.ChatMessage> page = api.messagesAfter(lastId);
        if (page.isEmpty()) {
          return;
        }
        page.forEach(this::received);
      }
    } catch (ApiException e) {
      LOG.log(Level.FINE, "catch-up failed; it runs again on the next connect or poll", e);
    }
  }

  private void flushOutbox() {
    List<Outbox.Entry> pending = outbox.pending();
    (retry.oneAtATime() ? pending.stream().limit(1).toList() : pending).forEach(this::deliver);
  }

  private void deliver(Outbox.Entry entry) {
    List<Outbox.Entry> pending = outbox.pending();
    if (!retry.maySend(!pending.isEmpty() && pending.get(0).equals(entry))) {
      return; // it waits in the outbox; the retry flushes it in order
    }
    if (sendFrame(new ClientFrame.SendMessage(entry.receiverId(), entry.text(), entry.clientMsgId()))) {
      return;
    }
    try {
      received(api.send(entry.receiverId(), entry.text(), entry.clientMsgId()));
    } catch (ApiException e) {
      if (!e.isRetriable()) {
        outbox.remove(entry.clientMsgId());
        listener.refused(entry.clientMsgId(), e.getMessage());
      } else {
        if (e.status() == 401) {
          onUnauthorized.run();
        }
        if (!isSocketOpen()) {
          reportOffline();
        }
      }
    }
  }

  /** Neither socket nor REST works: the reconnect loop retries, and flushes on success. */
  private void reportOffline() {
    listener.status(new ConnectionStatus(ConnectionStatus.State.OFFLINE, 0));
  }

  private boolean sendFrame(ClientFrame frame) {
    Session s = session;
    if (s == null || !s.isOpen()) {
      return false;
    }
    try {
      synchronized (s) {
        s.getBasicRemote().sendText(FrameCodec.encode(frame));
      }
      return true;
    } catch (IOException | IllegalStateException e) {
      return false;
    }
  }

  private void received(ServerFrame.ChatMessage message) {
    if (message.senderId() == me && message.clientMsgId() != null) {
      outbox.remove(message.clientMsgId());
      boolean more = !outbox.pending().isEmpty();
      boolean wasOneAtATime = retry.oneAtATime();
      retry.acknowledged(message.clientMsgId(), !more);
      if (wasOneAtATime && more) {
        executor.execute(this::flushOutbox);
      }
    }
    lastId = Math.max(lastId, message.messageId());
    listener.message(message);
  }

  private void dispatch(String text) {
    ServerFrame frame;
    try {
      frame = FrameCodec.decodeServer(text);
    } catch (ProtocolException e) {
      LOG.warning("Ignored a frame the client does not understand");
      return;
    }
    if (health.frame()) {
      executor.execute(backoff::succeeded);
    }
    if (frame instanceof ServerFrame.Pong) {
      pong();
    } else if (frame instanceof ServerFrame.Error e && e.clientMsgId() != null && RETRIABLE.contains(e.code())) {
      executor.execute(() -> refusedForNow(e.clientMsgId()));
    } else if (frame instanceof ServerFrame.ChatMessage m) {
      received(m);
    } else if (frame instanceof ServerFrame.UserStatus s) {
      listener.userStatus(s);
    } else if (frame instanceof ServerFrame.MessagesRead r) {
      listener.messagesRead(r);
    } else if (frame instanceof ServerFrame.TypingIndicator t) {
      listener.typing(t);
    } else if (frame instanceof ServerFrame.Error e && e.clientMsgId() != null && !RETRIABLE.contains(e.code())) {
      outbox.remove(e.clientMsgId());
      listener.refused(e.clientMsgId(), e.message());
    }
  }

  /** rate_limited or unavailable: retried after a delay, in order; given up after a bound. */
  private void refusedForNow(String clientMsgId) {
    SendRetry.Decision decision = retry.refused(clientMsgId);
    if (decision.giveUp()) {
      outbox.remove(clientMsgId);
      listener.refused(clientMsgId, GAVE_UP);
      flushOutbox();
    } else if (decision.delay() != null) {
      executor.schedule(() -> {
        retry.waited();
        flushOutbox();
      }, decision.delay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void pong() {
    health.pong(Clock.systemUTC().instant());
    java.time.Duration rtt = health.rtt();
    listener.status(ConnectionStatus.connected(rtt == null ? -1 : rtt.toMillis(), health.isSlow()));
  }

  /** Every second: backoff earned, ping due, or a socket that answers no ping any more. */
  private void checkHealth() {
    switch (health.check(Clock.systemUTC().instant())) {
      case RESET_BACKOFF -> backoff.succeeded();
      case PING -> sendFrame(new ClientFrame.Ping());
      case DEAD -> dropDeadSocket();
      default -> { }
    }
  }

  /** Half-open: no pong. Closed here (not waiting for a close the peer never sends) and reconnected. */
  private void dropDeadSocket() {
    Session dead;
    synchronized (sessionLock) {
      dead = session;
      session = null;
    }
    health.closed();
    LOG.info("No pong within " + ConnectionHealth.PONG_WITHIN.toSeconds() + " s: reconnecting");
    new Thread(() -> closeQuietly(dead), "close-dead-socket").start();
    retryLater();
  }

  private static void closeQuietly(Session s) {
    try {
      if (s != null) {
        s.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "close of a dead socket", e);
    }
  }

  private static boolean isUnauthorized(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.glassfish.tyrus.client.auth.AuthenticationException auth && auth.getHttpStatusCode() == 401) {
        return true;
      }
      if (t instanceof org.glassfish.tyrus.core.HandshakeException h && h.getHttpStatusCode() == 401) {
        return true;
      }
    }
    return false;
  }

  private ClientEndpointConfig config() {
    return ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
      @Override
      public void beforeRequest(Map<String, List<String>> headers) {
        headers.put("Authorization", List.of("Bearer " + api.token()));
      }
    }).build();
  }

  private final class SocketEndpoint extends Endpoint {
    @Override
    public void onOpen(Session s, EndpointConfig config) {
      s.addMessageHandler(String.class, (MessageHandler.Whole<String>) ChatManager.this::dispatch);
    }

    @Override
    public void onClose(Session s, CloseReason reason) {
      boolean current;
      synchronized (sessionLock) {
        current = s == session;
        if (current) {
          session = null;
        }
      }
      if (!closing && current) {
        health.closed();
        int code = reason.getCloseCode().getCode();
        if (code == TOKEN_EXPIRED || code == CloseReason.CloseCodes.VIOLATED_POLICY.getCode()) {
          LOG.info("The server closed the socket (" + code + "): refreshing the session before reconnecting");
          backOffAfterToken = code != TOKEN_EXPIRED;
          awaitingToken = true;
          listener.status(ConnectionStatus.CONNECTING);
          executor.execute(onClosedForSession);
        } else {
          executor.execute(ChatManager.this::retryLater);
        }
      }
    }
  }
}
