package com.companychat.protocol;

import java.time.Instant;

/** What the server sends over the socket (CONTRACT §5, §6.1). */
public sealed interface ServerFrame {

  record ChatMessage(long messageId, long senderId, String senderUsername, long receiverId,
      String message, Instant createdAt, boolean isRead, String clientMsgId) implements ServerFrame {}

  record UserStatus(long userId, String username, boolean isOnline) implements ServerFrame {}

  record MessagesRead(long readerId, long senderId) implements ServerFrame {}

  record TypingIndicator(long senderId, String senderUsername, long receiverId, boolean isTyping)
      implements ServerFrame {}

  record Pong() implements ServerFrame {}

  /** The replay after {@code ?since=} is complete; {@code seq} is my newest (CONTRACT §6.1). */
  record Resumed(long seq) implements ServerFrame {}

  /** The resume point is older than the server keeps: reload from the REST lists (CONTRACT §6.1). */
  record ResyncRequired() implements ServerFrame {}

  record Error(String code, String message, String clientMsgId) implements ServerFrame {}
}
