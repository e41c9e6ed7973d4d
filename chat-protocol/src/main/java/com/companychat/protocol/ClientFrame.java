package com.companychat.protocol;

/** What a client sends over the socket (CONTRACT §5), decoded once at the edge. */
public sealed interface ClientFrame {

  record SendMessage(long receiverId, String message, String clientMsgId) implements ClientFrame {}

  record MarkRead(long senderId) implements ClientFrame {}

  /** The client has every message of {@code senderId} to me up to {@code upTo} (§6.2). */
  record Delivered(long upTo, long senderId) implements ClientFrame {}

  record Typing(long receiverId, boolean isTyping) implements ClientFrame {}

  record Ping() implements ClientFrame {}

  /** A fresh access token of the same user: the socket lives until its {@code exp} (§6.7). */
  record Auth(String token) implements ClientFrame {
    /** The token is a credential: it never appears in a log line or an exception message. */
    @Override
    public String toString() {
      return "Auth[token=…]";
    }
  }
}
