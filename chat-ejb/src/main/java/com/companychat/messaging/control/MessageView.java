package com.companychat.messaging.control;

import com.companychat.messaging.entity.ChatMessage;
import java.time.Instant;

/** CONTRACT's MESSAGE; {@code deliveredAt} is null until the receiver's client has it (§6.2). */
public record MessageView(long messageId, long senderId, String senderUsername, long receiverId,
    String message, Instant createdAt, boolean isRead, String clientMsgId, Instant deliveredAt) {

  /** A message not delivered yet (every message as it is sent). */
  public MessageView(long messageId, long senderId, String senderUsername, long receiverId,
      String message, Instant createdAt, boolean isRead, String clientMsgId) {
    this(messageId, senderId, senderUsername, receiverId, message, createdAt, isRead, clientMsgId, null);
  }

  public static MessageView of(ChatMessage m, String senderUsername) {
    return new MessageView(m.id(), m.senderId(), senderUsername, m.receiverId(), m.text(),
        m.createdAt(), m.isRead(), m.clientMsgId(), m.deliveredAt());
  }
}
