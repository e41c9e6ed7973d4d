package com.companychat.messaging.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One message from a sender to a receiver of the same company. Its id and time are the server's;
 * {@code clientMsgId} is the sender's idempotency key, unique per sender.
 */
@Entity
@Table(name = "chat_message")
@NamedQuery(name = ChatMessage.BY_CLIENT_ID,
    query = "SELECT m FROM ChatMessage m WHERE m.senderId = :sender AND m.clientMsgId = :clientMsgId")
@NamedQuery(name = ChatMessage.PAGE_BEFORE,
    query = "SELECT m FROM ChatMessage m WHERE m.companyId = :company AND m.userLow = :low"
        + " AND m.userHigh = :high AND m.id < :before ORDER BY m.id DESC")
@NamedQuery(name = ChatMessage.BETWEEN,
    query = "SELECT m FROM ChatMessage m WHERE m.companyId = :company"
        + " AND (m.senderId = :user OR m.receiverId = :user) AND m.id > :after AND m.id < :before ORDER BY m.id")
@NamedQuery(name = ChatMessage.AFTER,
    query = "SELECT m FROM ChatMessage m WHERE m.companyId = :company"
        + " AND (m.senderId = :user OR m.receiverId = :user) AND m.id > :after ORDER BY m.id")
@NamedQuery(name = ChatMessage.UNREAD_BY_SENDER,
    query = "SELECT m.senderId, COUNT(m) FROM ChatMessage m WHERE m.companyId = :company"
        + " AND m.receiverId = :user AND m.readAt IS NULL GROUP BY m.senderId")
@NamedQuery(name = ChatMessage.MARK_READ,
    query = "UPDATE ChatMessage m SET m.readAt = :now WHERE m.companyId = :company"
        + " AND m.receiverId = :reader AND m.senderId = :sender AND m.readAt IS NULL")
@NamedQuery(name = ChatMessage.NEWEST_FROM,
    query = "SELECT MAX(m.id) FROM ChatMessage m WHERE m.companyId = :company AND m.receiverId = :receiver"
        + " AND m.senderId = :sender")
@NamedQuery(name = ChatMessage.NEWEST_UNDELIVERED,
    query = "SELECT MAX(m.id) FROM ChatMessage m" + ChatMessage.UNDELIVERED_UP_TO)
@NamedQuery(name = ChatMessage.MARK_DELIVERED,
    query = "UPDATE ChatMessage m SET m.deliveredAt = :now" + ChatMessage.UNDELIVERED_UP_TO)
@NamedNativeQuery(name = ChatMessage.LAST_ID, query = "SELECT"
    + " GREATEST(COALESCE((SELECT MAX(id) FROM chat_message WHERE sender_id = ?1 AND company_id = ?2), 0),"
    + " COALESCE((SELECT MAX(id) FROM chat_message WHERE receiver_id = ?1 AND company_id = ?2), 0))")
@NamedNativeQuery(name = ChatMessage.BEFORE_SEND, query = "SELECT"
    + " GREATEST(COALESCE((SELECT MAX(id) FROM chat_message WHERE sender_id = ?1), 0),"
    + " COALESCE((SELECT MAX(id) FROM chat_message WHERE receiver_id = ?1), 0)),"
    + " GREATEST(COALESCE((SELECT MAX(id) FROM chat_message WHERE sender_id = ?2), 0),"
    + " COALESCE((SELECT MAX(id) FROM chat_message WHERE receiver_id = ?2), 0)),"
    + " (SELECT id FROM chat_message WHERE sender_id = ?1 AND client_msg_id = ?3)")
public class ChatMessage {
  public static final String BY_CLIENT_ID = "ChatMessage.byClientId";
  public static final String PAGE_BEFORE = "ChatMessage.pageBefore";
  public static final String AFTER = "ChatMessage.after";
  public static final String BETWEEN = "ChatMessage.between";
  /**
   * The newest message id to or from a user (?1) of a company (?2), 0 for none. Two index probes;
   * the same with "sender OR receiver" read every message of the user (seconds for 100,000).
   */
  public static final String LAST_ID = "ChatMessage.lastId";
  public static final String UNREAD_BY_SENDER = "ChatMessage.unreadBySender";
  public static final String MARK_READ = "ChatMessage.markRead";
  /** The newest message id from a sender to a receiver, null for none: what a read receipt reaches. */
  public static final String NEWEST_FROM = "ChatMessage.newestFrom";
  /** A receiver's messages from one sender, up to an id, not delivered yet. */
  static final String UNDELIVERED_UP_TO = " WHERE m.companyId = :company AND m.receiverId = :receiver"
      + " AND m.senderId = :sender AND m.id <= :upTo AND m.deliveredAt IS NULL";
  /** The newest id a delivery receipt up to {@code :upTo} would change, null for none. */
  public static final String NEWEST_UNDELIVERED = "ChatMessage.newestUndelivered";
  /** Sets delivered_at once: a message delivered already keeps its time (CONTRACT §6.2). */
  public static final String MARK_DELIVERED = "ChatMessage.markDelivered";
  /**
   * For a sender (?1), a receiver (?2) and a client_msg_id (?3), in one round trip: the newest
   * message id of the sender and of the receiver (0 for none), and the id of the sender's message
   * with that client_msg_id (null for none).
   */
  public static final String BEFORE_SEND = "ChatMessage.beforeSend";

  @Id
  @SequenceGenerator(name = "chat_message_seq", sequenceName = "chat_message_seq", allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "chat_message_seq")
  private Long id;

  @Column(name = "company_id", nullable = false)
  private Long companyId;

  @Column(name = "sender_id", nullable = false)
  private Long senderId;

  @Column(name = "receiver_id", nullable = false)
  private Long receiverId;

  @Column(name = "user_low", nullable = false)
  private Long userLow;

  @Column(name = "user_high", nullable = false)
  private Long userHigh;

  @Column(name = "text", nullable = false)
  private String text;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "read_at")
  private OffsetDateTime readAt;

  @Column(name = "delivered_at")
  private OffsetDateTime deliveredAt;

  @Column(name = "client_msg_id", length = 64)
  private String clientMsgId;

  protected ChatMessage() {}

  public ChatMessage(Long companyId, Long senderId, Long receiverId, String text, String clientMsgId,
      Instant createdAt) {
    this.companyId = companyId;
    this.senderId = senderId;
    this.receiverId = receiverId;
    this.userLow = Math.min(senderId, receiverId);
    this.userHigh = Math.max(senderId, receiverId);
    this.text = text;
    this.clientMsgId = clientMsgId;
    this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
  }

  public Long id() {
    return id;
  }

  public Long companyId() {
    return companyId;
  }

  public Long senderId() {
    return senderId;
  }

  public Long receiverId() {
    return receiverId;
  }

  public String text() {
    return text;
  }

  public Instant createdAt() {
    return createdAt.toInstant();
  }

  public boolean isRead() {
    return readAt != null;
  }

  /** When the receiver's client said it had the message, null before. */
  public Instant deliveredAt() {
    return deliveredAt == null ? null : deliveredAt.toInstant();
  }

  public String clientMsgId() {
    return clientMsgId;
  }
}
