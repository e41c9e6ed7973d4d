package com.companychat.messaging.control;

import com.companychat.messaging.entity.ChatMessage;
import java.time.Instant;

/** CONTRACT's MESSAGE. */
public record MessageView(long messageId, long senderId, String senderUsername, long receiverId,
    String message, Instant createdAt, boolean isRead, String clientMsgId) {

  public static MessageView of(ChatMessage m, String senderUsername) {
    return new MessageView(m.id(), m.senderId(), senderUsername, m.receiverId(), m.text(),
        m.createdAt(), m.isRead(), m.clientMsgId());
  }
}
