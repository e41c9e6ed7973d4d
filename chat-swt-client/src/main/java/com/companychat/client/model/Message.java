package com.companychat.client.model;

import java.time.Instant;

/**
 * One bubble of a conversation: a stored message (with its server id), or one of mine still
 * waiting in the outbox ("sending…"), or refused by the server (with its reason).
 */
public record Message(long id, long senderId, long receiverId, String text, Instant createdAt,
    boolean read, String clientMsgId, Delivery delivery, String error) {

  public enum Delivery { SENDING, SENT, FAILED }

  /** The error of a message the server kept refusing for now (rate limit, outage): a click sends it again. */
  public static final String GAVE_UP = "failed — retry";

  public static Message stored(long id, long senderId, long receiverId, String text, Instant createdAt,
      boolean read, String clientMsgId) {
    return new Message(id, senderId, receiverId, text, createdAt, read, clientMsgId, Delivery.SENT, null);
  }

  /** Whether sending it again may succeed: refused for now, not for good. */
  public boolean retriable() {
    return delivery == Delivery.FAILED && GAVE_UP.equals(error);
  }

  public Message asRead() {
    return new Message(id, senderId, receiverId, text, createdAt, true, clientMsgId, delivery, error);
  }
}
