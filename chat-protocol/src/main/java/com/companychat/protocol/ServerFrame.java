package com.companychat.protocol;

import java.time.Instant;

/** What the server sends over the socket (CONTRACT §5, §6.1). */
public sealed interface ServerFrame {

  /** {@code deliveredAt}: null until the receiver's client has it (§6.2). */
  record ChatMessage(long messageId, long senderId, String senderUsername, long receiverId,
      String message, Instant createdAt, boolean isRead, String clientMsgId, Instant deliveredAt)
      implements ServerFrame {

    /** A message not delivered yet. */
    public ChatMessage(long messageId, long senderId, String senderUsername, long receiverId,
        String message, Instant createdAt, boolean isRead, String clientMsgId) {
      this(messageId, senderId, senderUsername, receiverId, message, createdAt, isRead, clientMsgId, null);
    }
  }

  record UserStatus(long userId, String username, boolean isOnline) implements ServerFrame {}

  /** {@code upTo}: the newest message read (§6.2), null when there was none. */
  record MessagesRead(long readerId, long senderId, Long upTo) implements ServerFrame {
    public MessagesRead(long readerId, long senderId) {
      this(readerId, senderId, null);
    }
  }

  /** My settings changed (§6.2), on one of my devices. */
  record SettingsUpdated(boolean readReceipts) implements ServerFrame {}

  /** {@code receiverId}'s client has my messages to them up to {@code upTo} (§6.2). */
  record MessagesDelivered(long receiverId, long senderId, long upTo) implements ServerFrame {}

  record TypingIndicator(long senderId, String senderUsername, long receiverId, boolean isTyping)
      implements ServerFrame {}

  record Pong() implements ServerFrame {}

  /** The replay after {@code ?since=} is complete; {@code seq} is my newest (CONTRACT §6.1). */
  record Resumed(long seq) implements ServerFrame {}

  /** The resume point is older than the server keeps: reload from the REST lists (CONTRACT §6.1). */
  record ResyncRequired() implements ServerFrame {}

  record Error(String code, String message, String clientMsgId) implements ServerFrame {}
}
