package com.companychat.realtime.control;

import com.companychat.messaging.control.MessageService;
import com.companychat.messaging.control.MessageText;
import com.companychat.platform.ChatException;
import com.companychat.platform.ErrorCode;
import com.companychat.platform.FailureLog;
import com.companychat.protocol.ClientFrame;
import com.companychat.protocol.FrameCodec;
import com.companychat.protocol.ProtocolException;
import com.companychat.protocol.ServerFrame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.logging.Logger;

/**
 * What a client frame does: decoded once, then handed to the same services as REST. Bad input
 * never closes the socket: it gets one {@code error} event and nothing is stored.
 */
@ApplicationScoped
public class SocketCommands {
  /** One WARNING per kind and interval: a database failover fails every command for a moment. */
  private static final FailureLog FAILURES = new FailureLog(Logger.getLogger(SocketCommands.class.getName()));

  @Inject
  MessageService messages;

  @Inject
  RealtimeMetrics metrics;

  @Inject
  SocketSessions leases;

  public void handle(Connection from, String text) {
    String clientMsgId = null;
    try {
      ClientFrame frame = FrameCodec.decodeClient(text);
      if (frame instanceof ClientFrame.SendMessage send) {
        clientMsgId = send.clientMsgId();
        send(from, send);
      } else if (frame instanceof ClientFrame.MarkRead read) {
        messages.markRead(from.caller(), read.senderId(), from.id());
      } else if (frame instanceof ClientFrame.Delivered delivered) {
        messages.markDelivered(from.caller(), delivered.senderId(), delivered.upTo());
      } else if (frame instanceof ClientFrame.Typing typing) {
        messages.typing(from.caller(), typing.receiverId(), typing.isTyping());
      } else if (frame instanceof ClientFrame.Auth auth) {
        authenticate(from, auth.token());
      } else {
        from.send(FrameCodec.encode(new ServerFrame.Pong()));
      }
    } catch (ProtocolException e) {
      error(from, e.code(), e.getMessage(), e.clientMsgId());
    } catch (ChatException e) {
      error(from, e.code().code(), e.getMessage(), clientMsgId);
      if (e.code() == ErrorCode.UNAUTHORIZED) {
        from.close(CloseReason.CloseCodes.VIOLATED_POLICY, "account deactivated");
      }
    } catch (RuntimeException e) {
      FAILURES.failed("A socket command failed", e);
      error(from, "unavailable", "The server could not do this now; try again", clientMsgId);
    }
  }

  /* A refused token leaves the socket as it was: open until its old token's expiry. */
  private void authenticate(Connection from, String token) {
    if (!leases.extend(from, token)) {
      error(from, ErrorCode.UNAUTHORIZED.code(), "The token is not a valid token of this user", null);
    }
  }

  /** New messages reach this socket through the fan-out (the ack); a repeat only here. */
  private void send(Connection from, ClientFrame.SendMessage send) {
    MessageService.Sent sent = messages.send(from.caller(), send.receiverId(), send.message(), send.clientMsgId());
    if (sent.created()) {
      metrics.messageStored();
    } else {
      from.send(FrameCodec.encode(Fanout.chatMessage(sent.message())));
    }
  }

  /** Echoes the frame's {@code client_msg_id} only when it is one by CONTRACT (1 to 64 printable characters). */
  private static void error(Connection to, String code, String message, String clientMsgId) {
    String echoed = MessageText.isClientMsgId(clientMsgId) ? clientMsgId : null;
    to.send(FrameCodec.encode(new ServerFrame.Error(code, message, echoed)));
  }
}
