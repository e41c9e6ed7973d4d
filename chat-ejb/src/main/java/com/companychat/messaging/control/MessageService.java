package com.companychat.messaging.control;

import com.companychat.accounts.control.Caller;
import com.companychat.accounts.entity.UserAccount;
import com.companychat.events.ChatEvent;
import com.companychat.events.EventBus;
import com.companychat.messaging.entity.ChatMessage;
import com.companychat.platform.ChatException;
import com.companychat.platform.Database;
import com.companychat.platform.ErrorCode;
import com.companychat.platform.Budget;
import com.companychat.platform.Budgets;
import com.companychat.platform.RateLimiter;
import com.companychat.platform.SendLimits;
import com.companychat.stream.control.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write side of messaging, shared by REST and the socket: sending and marking read. A message
 * is committed before anyone hears of it; then a {@link ChatEvent} carries it to the sockets.
 */
@ApplicationScoped
public class MessageService {
  /*
   * Commit and publish happen under a lock per conversation (striped): this instance hands the
   * events of one conversation to the bus in message_id order, so sockets see them in that order.
   */
  private final Lock[] conversationLocks = newLocks(256);

  private Database db;
  private EventBus events;
  private Budget<Long> sendLimit;
  private RateLimiter<Long> signalLimit;
  private Clock clock;

  protected MessageService() {}

  /** With the contract's limit of 20 messages a second, bursts of 40. */
  public MessageService(Database db, EventBus events) {
    this(db, events, SendLimits.CONTRACT);
  }

  public MessageService(Database db, EventBus events, SendLimits limits) {
    this(db, events, new RateLimiter<>(limits.burst(), limits.perSecond()), Clock.systemUTC());
  }

  /** The send budget from {@code budgets}: the cluster's with {@code chat.redis.url}. */
  @Inject
  public MessageService(Database db, EventBus events, SendLimits limits, Budgets budgets) {
    this(db, events, budgets.<Long>named("send", limits.burst(), limits.perSecond(), Integer.MAX_VALUE),
        Clock.systemUTC());
  }

  MessageService(Database db, EventBus events, Budget<Long> sendLimit, Clock clock) {
    this(db, events, sendLimit, new RateLimiter<>(40, 20), clock);
  }

  /** Tests: the typing and read-receipt limit on a clock of theirs. */
  MessageService(Database db, EventBus events, Budget<Long> sendLimit, RateLimiter<Long> signalLimit,
      Clock clock) {
    this.signalLimit = signalLimit;
    this.db = db;
    this.events = events;
    this.sendLimit = sendLimit;
    this.clock = clock;
  }

  /**
   * The stored message, and whether this call stored it or found it stored by an earlier one;
   * for a message stored now, the announcement that went out.
   */
  public record Sent(MessageView message, boolean created, ChatEvent.MessageSent event) {
    static Sent repeat(MessageView original) {
      return new Sent(original, false, null);
    }
  }

  /**
   * Stores a message from the caller to a colleague and announces it. A repeated
   * {@code clientMsgId} of the same sender stores nothing and returns the original, even when
   * the repeats race each other.
   *
   * @throws ChatException {@code bad_request} for invalid text or id, {@code not_found} for a
   *     receiver outside the caller's company or deactivated, {@code rate_limited} beyond 20/s
   */
  public Sent send(Caller caller, long receiverId, String text, String clientMsgId) {
    caller.company();
    MessageText.validate(text);
    MessageText.validateClientMsgId(clientMsgId);
    if (receiverId == caller.userId()) {
      throw ChatException.badRequest("receiver_id must be another user");
    }
    long wait = sendLimit.tryAcquire(caller.userId());
    if (wait > 0) {
      throw ChatException.rateLimited("Too many messages a second; slow down", wait);
    }
    Lock order = conversationLocks[stripeOf(caller.userId(), receiverId, conversationLocks.length)];
    lockOrUnavailable(order);
    try {
      Sent sent = storeOrFindRepeat(caller, receiverId, text, clientMsgId);
      if (sent.created()) {
        events.publish(sent.event());
      }
      return sent;
    } finally {
      order.unlock();
    }
  }

  /*
   * The stripe of a conversation, the same for both directions. The users' ids are mixed
   * (a 64-bit finaliser, as in SplittableRandom) before the stripe is taken: Objects.hash(low,
   * high) is linear, and the conversations of consecutive ids (n, n + 1) fell on 4 stripes of 256;
   * a thousand conversations then queued on 4 locks.
   */
  static int stripeOf(long userA, long userB, int stripes) {
    long z = Math.min(userA, userB) * 0x9E3779B97F4A7C15L + Math.max(userA, userB);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) Math.floorMod(z ^ (z >>> 31), (long) stripes);
  }

  private static void lockOrUnavailable(Lock lock) {
    try {
      if (!lock.tryLock(15, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new ChatException(ErrorCode.UNAVAILABLE, "The server is busy; try again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(ErrorCode.UNAVAILABLE, "The server is shutting down; try again");
    }
  }

  private Sent storeOrFindRepeat(Caller caller, long receiverId, String text, String clientMsgId) {
    try {
      return db.transaction(em -> store(em, caller, receiverId, text, clientMsgId));
    } catch (RuntimeException e) {
      if (clientMsgId == null || !Database.isUniqueViolation(e)) {
        throw e;
      }
      return db.read(em -> byClientId(em, caller, clientMsgId))
          .map(Sent::repeat).orElseThrow(() -> e);
    }
  }

  /**
   * Marks read every message {@code senderId} sent the caller, and tells the sender's sockets
   * and the caller's other sockets.
   *
   * @return how many messages changed from unread to read
   * @throws ChatException {@code not_found} for a sender outside the caller's company
   */
  public int markRead(Caller caller, long senderId) {
    return markRead(caller, senderId, null);
  }

  /** {@link #markRead(Caller, long)} from a socket, which is not told of its own reading. */
  public int markRead(Caller caller, long senderId, String originSocket) {
    caller.company();
    limitSignals(caller);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ChatEvent.MessagesRead[] read = new ChatEvent.MessagesRead[1];
    int marked = db.transaction(em -> {
      UserAccount reader = em.find(UserAccount.class, caller.userId());
      requireActive(reader);
      UserAccount sender = ConversationQueries.colleague(em, caller, senderId);
      int changed = em.createNamedQuery(ChatMessage.MARK_READ)
          .setParameter("now", now.atOffset(ZoneOffset.UTC))
          .setParameter("company", caller.company())
          .setParameter("reader", caller.userId())
          .setParameter("sender", senderId)
          .executeUpdate();
      Number newest = (Number) em.createNamedQuery(ChatMessage.NEWEST_FROM)
          .setParameter("company", caller.company())
          .setParameter("receiver", caller.userId())
          .setParameter("sender", senderId)
          .getSingleResult();
      Long upTo = newest == null ? null : newest.longValue();
      // §6.2: with read receipts off on either side, only the reader's own stream hears of it.
      boolean tellSender = reader.readReceipts() && sender.readReceipts();
      // In this transaction: the receipt both users are told of is in both streams (CONTRACT §6.1).
      JsonObject frame = EventLog.messagesRead(caller.userId(), senderId, upTo);
      Map<Long, Long> seqs = tellSender
          ? EventLog.append(em, caller.company(), frame, now, caller.userId(), senderId)
          : EventLog.append(em, caller.company(), frame, now, caller.userId());
      read[0] = new ChatEvent.MessagesRead(caller.company(), caller.userId(), senderId, originSocket,
          seqs.get(caller.userId()), tellSender ? seqs.get(senderId) : ChatEvent.MessagesRead.NOT_TOLD, upTo);
      return changed;
    });
    events.publish(read[0]);
    return marked;
  }

  /**
   * The caller's client has every message {@code senderId} sent them up to {@code upTo}: sets
   * their {@code delivered_at} once (a message delivered already keeps its time, so a receipt
   * never moves back) and, when that changed any, stores {@code messages_delivered} in the
   * sender's stream in the same transaction and tells the sender's sockets (CONTRACT §6.2). Ids
   * that are not messages from that sender to the caller change nothing.
   *
   * @return how many messages changed from undelivered to delivered
   * @throws ChatException {@code not_found} for a sender outside the caller's company,
   *     {@code bad_request} for an {@code upTo} below 1, {@code rate_limited} as for typing
   */
  public int markDelivered(Caller caller, long senderId, long upTo) {
    caller.company();
    if (upTo < 1) {
      throw ChatException.badRequest("up_to must be a message id");
    }
    limitSignals(caller);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ChatEvent.MessagesDelivered[] delivered = new ChatEvent.MessagesDelivered[1];
    int changed = db.transaction(em -> {
      requireActive(em.find(UserAccount.class, caller.userId()));
      ConversationQueries.colleague(em, caller, senderId);
      Number newest = (Number) em.createNamedQuery(ChatMessage.NEWEST_UNDELIVERED)
          .setParameter("company", caller.company())
          .setParameter("receiver", caller.userId())
          .setParameter("sender", senderId)
          .setParameter("upTo", upTo)
          .getSingleResult();
      if (newest == null) {
        return 0;
      }
      int updated = em.createNamedQuery(ChatMessage.MARK_DELIVERED)
          .setParameter("now", now.atOffset(ZoneOffset.UTC))
          .setParameter("company", caller.company())
          .setParameter("receiver", caller.userId())
          .setParameter("sender", senderId)
          .setParameter("upTo", newest.longValue()) // what the event names, whatever commits meanwhile
          .executeUpdate();
      if (updated == 0) {
        return 0; // a concurrent receipt set them first and told the sender
      }
      long seq = EventLog.append(em, caller.company(),
          EventLog.messagesDelivered(caller.userId(), senderId, newest.longValue()), now, senderId).get(senderId);
      delivered[0] = new ChatEvent.MessagesDelivered(caller.company(), caller.userId(), senderId,
          newest.longValue(), seq);
      return updated;
    });
    if (delivered[0] != null) {
      events.publish(delivered[0]);
    }
    return changed;
  }

  /**
   * Tells the receiver's sockets that the caller started or stopped typing; nothing is stored.
   *
   * @throws ChatException {@code not_found} for a receiver outside the caller's company
   */
  public void typing(Caller caller, long receiverId, boolean isTyping) {
    caller.company();
    limitSignals(caller);
    db.read(em -> {
      requireActive(em.find(UserAccount.class, caller.userId()));
      return ConversationQueries.colleague(em, caller, receiverId);
    });
    events.publish(new ChatEvent.Typing(caller.company(), caller.userId(), caller.username(),
        receiverId, isTyping));
  }

  /*
   * Both users' rows are locked, in id order, before the id is drawn: every message that touches
   * a user commits in id order, so a client that catches up with "after=<last id I saw>" can
   * never skip one that committed late. The same lock serialises repeats of a client_msg_id, and
   * makes each user's newest id read under it the message's true predecessor (see MessageSent).
   */
  private Sent store(EntityManager em, Caller caller, long receiverId, String text, String clientMsgId) {
    List<UserAccount> locked = em.createNamedQuery(UserAccount.LOCK_PAIR, UserAccount.class)
        .setParameter("first", caller.userId())
        .setParameter("second", receiverId)
        .getResultList();
    requireActive(locked.stream().filter(u -> u.id() == caller.userId()).findFirst().orElse(null));
    UserAccount receiver = locked.stream().filter(u -> u.id() == receiverId).findFirst()
        .filter(u -> u.belongsTo(caller.company()) && u.isActive())
        .orElseThrow(() -> ChatException.notFound("user"));
    Object[] before = (Object[]) em.createNamedQuery(ChatMessage.BEFORE_SEND)
        .setParameter(1, caller.userId())
        .setParameter(2, receiverId)
        .setParameter(3, clientMsgId == null ? "" : clientMsgId) // "" is no valid id: matches none
        .getSingleResult();
    if (before[2] != null) {
      ChatMessage original = em.find(ChatMessage.class, ((Number) before[2]).longValue());
      return Sent.repeat(MessageView.of(original, caller.username()));
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ChatMessage message = new ChatMessage(caller.company(), caller.userId(), receiver.id(), text,
        clientMsgId, now);
    em.persist(message);
    em.flush();
    MessageView stored = MessageView.of(message, caller.username());
    // In this transaction: a message acknowledged to its sender is in both users' streams.
    Map<Long, Long> seqs = EventLog.append(em, caller.company(), EventLog.chatMessage(stored), now,
        caller.userId(), receiver.id());
    return new Sent(stored, true, new ChatEvent.MessageSent(caller.company(), stored,
        seqs.get(caller.userId()), seqs.get(receiver.id())));
  }

  /** Typing and read receipts: 20 a second, bursts of 40, so that nobody floods the bus. */
  private void limitSignals(Caller caller) {
    long wait = signalLimit.tryAcquire(caller.userId());
    if (wait > 0) {
      throw ChatException.rateLimited("Too many typing or read events a second; slow down", wait);
    }
  }

  /** A sender deactivated after the handshake is refused here, whatever event may be late. */
  private static void requireActive(UserAccount caller) {
    if (caller == null || !caller.isActive()) {
      throw new ChatException(ErrorCode.UNAUTHORIZED, "This account is deactivated");
    }
  }

  private static Lock[] newLocks(int n) {
    Lock[] locks = new Lock[n];
    for (int i = 0; i < n; i++) {
      locks[i] = new ReentrantLock();
    }
    return locks;
  }

  private static Optional<MessageView> byClientId(EntityManager em, Caller caller, String clientMsgId) {
    return em.createNamedQuery(ChatMessage.BY_CLIENT_ID, ChatMessage.class)
        .setParameter("sender", caller.userId())
        .setParameter("clientMsgId", clientMsgId)
        .getResultStream().findFirst()
        .map(m -> MessageView.of(m, caller.username()));
  }
}
