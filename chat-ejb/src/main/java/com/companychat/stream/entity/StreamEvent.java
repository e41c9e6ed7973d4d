package com.companychat.stream.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One stored event of CONTRACT §6.1, kept once however many users are told of it: its socket
 * frame without the seq, which differs per user (see {@code user_event}).
 */
@Entity
@Table(name = "chat_event")
@NamedNativeQuery(name = StreamEvent.NEXT_SEQ,
    query = "UPDATE user_account SET event_seq = event_seq + 1 WHERE id = ?1")
@NamedNativeQuery(name = StreamEvent.LAST_SEQ, query = "SELECT event_seq FROM user_account WHERE id = ?1")
@NamedNativeQuery(name = StreamEvent.POINT,
    query = "INSERT INTO user_event (user_id, seq, event_id, created_at) VALUES (?1, ?2, ?3, ?4)")
@NamedNativeQuery(name = StreamEvent.PAGE, query = "SELECT p.seq, e.body FROM user_event p"
    + " JOIN chat_event e ON e.id = p.event_id WHERE p.user_id = ?1 AND p.seq > ?2 ORDER BY p.seq"
    + " FETCH FIRST ?3 ROWS ONLY")
@NamedNativeQuery(name = StreamEvent.PRUNE_POINTERS, query = "DELETE FROM user_event WHERE created_at < ?1")
@NamedNativeQuery(name = StreamEvent.PRUNE_EVENTS, query = "DELETE FROM chat_event e WHERE e.created_at < ?1"
    + " AND NOT EXISTS (SELECT 1 FROM user_event p WHERE p.event_id = e.id)")
public class StreamEvent {
  /** Deletes every user's pointers older than ?1. */
  public static final String PRUNE_POINTERS = "StreamEvent.prunePointers";
  /** Deletes the events older than ?1 that nobody points to. */
  public static final String PRUNE_EVENTS = "StreamEvent.pruneEvents";
  /** Takes the next seq of user ?1: an UPDATE, so it holds that user's row lock until commit. */
  public static final String NEXT_SEQ = "StreamEvent.nextSeq";
  /** The newest seq of user ?1 (0 for none). */
  public static final String LAST_SEQ = "StreamEvent.lastSeq";
  /** Tells user ?1 of event ?3 as their seq ?2, at ?4. */
  public static final String POINT = "StreamEvent.point";
  /** (seq, body) of user ?1 after seq ?2, oldest first, at most ?3. */
  public static final String PAGE = "StreamEvent.page";

  @Id
  @SequenceGenerator(name = "chat_event_seq", sequenceName = "chat_event_seq", allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "chat_event_seq")
  private Long id;

  @Column(name = "company_id", nullable = false)
  private long companyId;

  @Column(name = "body", nullable = false, length = 65536)
  private String body;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected StreamEvent() {}

  public StreamEvent(long companyId, String body, Instant createdAt) {
    this.companyId = companyId;
    this.body = body;
    this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
  }

  public long id() {
    return id;
  }

  public String body() {
    return body;
  }
}
