package com.companychat.stream.control;

import com.companychat.messaging.control.ConversationQueries;
import com.companychat.messaging.control.MessageView;
import com.companychat.platform.ChatException;
import com.companychat.platform.Database;
import com.companychat.platform.ErrorCode;
import com.companychat.stream.entity.StreamEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every user's stream of stored events (CONTRACT §6.1): written inside the transaction of the
 * change an event describes, read by seq to resume. A user's seqs go up by one: an UPDATE of the
 * user's row draws each, so concurrent writers queue on that row until the first commits.
 */
@ApplicationScoped
public class EventLog {
  public static final int DEFAULT_PAGE = 200;
  public static final int MAX_PAGE = 1000;
  /** How long events are kept (CONTRACT §6.1: at least 30 days). */
  public static final Duration RETENTION = Duration.ofDays(30);

  private Database db;

  protected EventLog() {}

  @Inject
  public EventLog(Database db) {
    this.db = db;
  }

  /**
   * Stores {@code frame} once and appends it to the stream of every user of {@code userIds}, in
   * {@code em}'s transaction. Users are taken in id order, so two transactions that tell the same
   * users never wait for each other in a cycle.
   *
   * @return each user's seq for this event
   */
  public static Map<Long, Long> append(EntityManager em, long companyId, JsonObject frame, Instant now,
      long... userIds) {
    StreamEvent event = new StreamEvent(companyId, frame.toString(), now);
    em.persist(event);
    em.flush();
    Map<Long, Long> seqs = new TreeMap<>();
    for (long user : new TreeSet<>(boxed(userIds))) {
      long seq = nextSeq(em, user);
      em.createNamedQuery(StreamEvent.POINT)
          .setParameter(1, user)
          .setParameter(2, seq)
          .setParameter(3, event.id())
          .setParameter(4, now.atOffset(ZoneOffset.UTC))
          .executeUpdate();
      seqs.put(user, seq);
    }
    return seqs;
  }

  /** One user's events after a seq, the answer of {@code GET /api/chat/events/}. */
  public record Page(List<JsonObject> events, long lastSeq, boolean more) {}

  /**
   * The events of {@code userId} with a seq above {@code after}, oldest first, each with its seq.
   *
   * @throws ChatException {@code gone} when some of them are no longer kept (or {@code after} is
   *     beyond the user's newest seq: not a point of this stream), {@code bad_request} for a
   *     negative {@code after} or a limit outside 1..1000
   */
  public Page after(long userId, long after, Integer limit) {
    int size = ConversationQueries.clamp(limit, DEFAULT_PAGE, MAX_PAGE, "limit");
    if (after < 0) {
      throw ChatException.badRequest("after must not be negative");
    }
    return db.read(em -> {
      long last = lastSeq(em, userId);
      @SuppressWarnings("unchecked")
      List<Object[]> rows = em.createNamedQuery(StreamEvent.PAGE)
          .setParameter(1, userId)
          .setParameter(2, after)
          .setParameter(3, size + 1)
          .getResultList();
      long first = rows.isEmpty() ? last + 1 : ((Number) rows.get(0)[0]).longValue();
      if (after > last || (after < last && first != after + 1)) {
        throw new ChatException(ErrorCode.GONE, "Events after " + after + " are no longer kept; reload");
      }
      List<JsonObject> events = new ArrayList<>();
      long lastSeq = after;
      for (Object[] row : rows.subList(0, Math.min(size, rows.size()))) {
        lastSeq = ((Number) row[0]).longValue();
        events.add(withSeq((String) row[1], lastSeq));
      }
      return new Page(events, lastSeq, rows.size() > size);
    });
  }

  /**
   * Forgets the events older than {@code cutoff} (CONTRACT §6.1 keeps at least 30 days, see
   * {@link #RETENTION}): every user's pointers, then the events nobody points to any more. A
   * resume point among them answers {@code gone} from then on. Safe to run on every instance at
   * once: a row deleted by one is skipped by the others.
   *
   * @return how many pointers were deleted
   */
  public int prune(Instant cutoff) {
    return db.transaction(em -> {
      int pointers = em.createNamedQuery(StreamEvent.PRUNE_POINTERS)
          .setParameter(1, cutoff.atOffset(ZoneOffset.UTC)).executeUpdate();
      em.createNamedQuery(StreamEvent.PRUNE_EVENTS).setParameter(1, cutoff.atOffset(ZoneOffset.UTC)).executeUpdate();
      return pointers;
    });
  }

  /** The newest seq of {@code userId}, 0 before their first event. */
  public long lastSeq(long userId) {
    return db.read(em -> lastSeq(em, userId));
  }

  private static long lastSeq(EntityManager em, long userId) {
    List<?> rows = em.createNamedQuery(StreamEvent.LAST_SEQ).setParameter(1, userId).getResultList();
    return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
  }

  private static long nextSeq(EntityManager em, long userId) {
    int updated = em.createNamedQuery(StreamEvent.NEXT_SEQ).setParameter(1, userId).executeUpdate();
    if (updated != 1) {
      throw new IllegalStateException("no account " + userId + " to tell of an event");
    }
    return lastSeq(em, userId);
  }

  /** The {@code chat_message} frame of CONTRACT §5 (chat-web's FrameCodec writes the same live). */
  public static JsonObject chatMessage(MessageView m) {
    JsonObjectBuilder json = Json.createObjectBuilder().add("type", "chat_message")
        .add("message_id", m.messageId()).add("sender_id", m.senderId())
        .add("sender_username", m.senderUsername()).add("receiver_id", m.receiverId())
        .add("message", m.message()).add("created_at", m.createdAt().toString()).add("is_read", m.isRead());
    json = m.clientMsgId() == null ? json.addNull("client_msg_id") : json.add("client_msg_id", m.clientMsgId());
    return (m.deliveredAt() == null ? json.addNull("delivered_at") : json.add("delivered_at", m.deliveredAt().toString()))
        .build();
  }

  /** The {@code messages_read} frame of CONTRACT §5, with §6.2's {@code up_to} (null: no message yet). */
  public static JsonObject messagesRead(long readerId, long senderId, Long upTo) {
    JsonObjectBuilder json = Json.createObjectBuilder().add("type", "messages_read").add("reader_id", readerId)
        .add("sender_id", senderId);
    return (upTo == null ? json.addNull("up_to") : json.add("up_to", upTo)).build();
  }

  /** The {@code settings_updated} frame of CONTRACT §6.2, told to the user themself. */
  public static JsonObject settingsUpdated(boolean readReceipts) {
    return Json.createObjectBuilder().add("type", "settings_updated").add("read_receipts", readReceipts).build();
  }

  /** The {@code messages_delivered} frame of CONTRACT §6.2, told to the sender. */
  public static JsonObject messagesDelivered(long receiverId, long senderId, long upTo) {
    return Json.createObjectBuilder().add("type", "messages_delivered").add("receiver_id", receiverId)
        .add("sender_id", senderId).add("up_to", upTo).build();
  }

  private static JsonObject withSeq(String frame, long seq) {
    try (var reader = Json.createReader(new StringReader(frame))) {
      return Json.createObjectBuilder(reader.readObject()).add("seq", seq).build();
    }
  }

  private static List<Long> boxed(long[] ids) {
    List<Long> list = new ArrayList<>(ids.length);
    for (long id : ids) {
      list.add(id);
    }
    return list;
  }
}
