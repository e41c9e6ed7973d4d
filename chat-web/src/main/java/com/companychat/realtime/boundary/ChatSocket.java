package com.companychat.realtime.boundary;

import com.companychat.platform.SocketSettings;
import com.companychat.realtime.control.Connection;
import com.companychat.realtime.control.SocketCommands;
import com.companychat.realtime.control.SocketLifecycle;
import com.companychat.realtime.control.SocketSessions;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The chat socket (CONTRACT §5). The handshake was authenticated by {@link HandshakeFilter};
 * frames are decoded and handed to {@link SocketCommands}; what others do reaches this socket
 * through the fan-out. Text frames over 64 KiB close it with 1009, binary frames with 1003.
 * One instance serves every socket ({@link SharedEndpointConfigurator}): per-socket state lives
 * in the session only.
 */
@ServerEndpoint(value = "/ws/chat/", configurator = SharedEndpointConfigurator.class)
public class ChatSocket {
  static final int MAX_FRAME = 64 * 1024;
  private static final String CONNECTION = "chat.connection";
  private static final Logger LOG = Logger.getLogger(ChatSocket.class.getName());

  @Inject
  SocketLifecycle lifecycle;

  @Inject
  SocketCommands commands;

  @Inject
  SocketSessions leases;

  @Inject
  SocketSettings settings;

  @Resource
  ManagedExecutorService executor;

  @OnOpen
  public void open(Session session) throws IOException {
    if (!(session.getUserPrincipal() instanceof ChatPrincipal principal)) {
      session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "not authenticated"));
      return;
    }
    /*
     * No container idle timeout (setMaxIdleTimeout): Keepalive closes silent sockets. Tyrus arms
     * an idle check that runs at once when a session is born without a timeout, and that check,
     * when it ran after a timeout had been set here, closed the brand-new socket ("closed by the
     * container because of the idle timeout", 1000): about one socket in 300 in a reconnect loop.
     */
    Connection connection = new Connection(session, principal.caller(), executor, settings.maxQueuedBytes());
    // Before registering: a close reported while the socket is still opening must find it.
    session.getUserProperties().put(CONNECTION, connection);
    leases.opened(connection, principal.sessionId(), principal.expiresAt());
    try {
      lifecycle.open(connection, principal.startSeq(), principal.resume());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not open a socket; the client will retry", e);
      session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "try again later"));
    }
  }

  @OnMessage(maxMessageSize = MAX_FRAME)
  public void text(String frame, Session session) {
    Connection connection = connectionOf(session);
    if (connection != null) {
      connection.heard();
      commands.handle(connection, frame);
    }
  }

  @OnMessage
  public void pong(PongMessage pong, Session session) {
    Connection connection = connectionOf(session);
    if (connection != null) {
      connection.heard();
      connection.ponged(pong.getApplicationData());
    }
  }

  @OnMessage
  public void binary(ByteBuffer frame, Session session) throws IOException {
    session.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "binary frames are not part of this protocol"));
  }

  @OnClose
  public void close(Session session) {
    Connection connection = connectionOf(session);
    if (connection != null) {
      lifecycle.end(connection);
    }
  }

  @OnError
  public void error(Session session, Throwable error) {
    LOG.log(Level.FINE, "Socket error", error);
  }

  private static Connection connectionOf(Session session) {
    return (Connection) session.getUserProperties().get(CONNECTION);
  }
}
