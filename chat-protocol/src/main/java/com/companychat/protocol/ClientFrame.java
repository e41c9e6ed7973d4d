package com.companychat.protocol;

/** What a client sends over the socket (CONTRACT §5), decoded once at the edge. */
public sealed interface ClientFrame {

  record SendMessage(long receiverId, String message, String clientMsgId) implements ClientFrame {}

  record MarkRead(long senderId) implements ClientFrame {}

  record Typing(long receiverId, boolean isTyping) implements ClientFrame {}

  record Ping() implements ClientFrame {}
}
