package com.companychat.messaging.control;

import com.companychat.accounts.control.Caller;
import com.companychat.accounts.entity.UserAccount;
import com.companychat.messaging.entity.ChatMessage;
import com.companychat.platform.ChatException;
import com.companychat.platform.Database;
import com.companychat.presence.entity.OnlineStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The read side of messaging. Every query takes the {@link Caller} and is confined to the caller's
 * company and the caller's own conversations; an id outside them reads as "not found".
 */
@ApplicationScoped
public class ConversationQueries {
  public static final int DEFAULT_PAGE = 50;
  public static final int MAX_PAGE = 200;
  public static final int DEFAULT_CATCH_UP = 200;
  public static final int MAX_CATCH_UP = 1000;

  private Database db;

  protected ConversationQueries() {}

  @Inject
  public ConversationQueries(Database db) {
    this.db = db;
  }

  /** An entry of the caller's directory (CONTRACT §4, {@code users}). */
  public record Colleague(long id, String username, String displayName, boolean isOnline,
      Instant lastSeen, long unreadCount) {}

  public record SenderUnread(long senderId, String senderUsername, long count) {}

  public record Unread(long totalUnread, List<SenderUnread> unreadBySender) {}

  /** Active members of the caller's company but the caller, by name; {@code q} filters. */
  public List<Colleague> colleagues(Caller caller, String q) {
    String needle = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
    return db.read(em -> {
      List<UserAccount> people = em.createNamedQuery(UserAccount.OF_COMPANY, UserAccount.class)
          .setParameter("companyId", caller.company()).getResultList().stream()
          .filter(u -> u.isActive() && u.id() != caller.userId())
          .filter(u -> needle.isEmpty() || matches(u, needle))
          .toList();
      Map<Long, OnlineStatus> status = statusOf(em, people.stream().map(UserAccount::id).toList());
      Map<Long, Long> unread = unreadBySender(em, caller);
      return people.stream().map(u -> {
        OnlineStatus s = status.get(u.id());
        return new Colleague(u.id(), u.username(), u.displayName(), s != null && s.isOnline(),
            s == null ? null : s.lastSeen().orElse(null), unread.getOrDefault(u.id(), 0L));
      }).toList();
    });
  }

  /**
   * The newest {@code limit} messages between the caller and {@code otherId} with an id below
   * {@code before} (all, when null), oldest first.
   *
   * @throws ChatException {@code not_found} when the other user is not in the caller's company;
   *     {@code bad_request} for the caller's own id (as sending to oneself is)
   */
  public List<MessageView> page(Caller caller, long otherId, Long before, Integer limit) {
    int size = clamp(limit, DEFAULT_PAGE, MAX_PAGE, "limit");
    if (otherId == caller.userId()) {
      throw ChatException.badRequest("user_id must be another user");
    }
    return db.read(em -> {
      UserAccount other = colleague(em, caller, otherId);
      List<ChatMessage> newestFirst = em.createNamedQuery(ChatMessage.PAGE_BEFORE, ChatMessage.class)
          .setParameter("company", caller.company())
          .setParameter("low", Math.min(caller.userId(), otherId))
          .setParameter("high", Math.max(caller.userId(), otherId))
          .setParameter("before", before == null ? Long.MAX_VALUE : before)
          .setMaxResults(size)
          .getResultList();
      Map<Long, String> names = Map.of(caller.userId(), caller.username(), other.id(), other.username());
      return newestFirst.stream().sorted(Comparator.comparing(ChatMessage::id))
          .map(m -> MessageView.of(m, names.get(m.senderId()))).toList();
    });
  }

  /** Every message to or from the caller with an id above {@code after}, oldest first. */
  public List<MessageView> after(Caller caller, long after, Integer limit) {
    int size = clamp(limit, DEFAULT_CATCH_UP, MAX_CATCH_UP, "limit");
    return db.read(em -> {
      List<ChatMessage> messages = em.createNamedQuery(ChatMessage.AFTER, ChatMessage.class)
          .setParameter("company", caller.company())
          .setParameter("user", caller.userId())
          .setParameter("after", after)
          .setMaxResults(size)
          .getResultList();
      Map<Long, String> names = usernames(em, messages.stream().map(ChatMessage::senderId)
          .collect(Collectors.toSet()));
      return messages.stream().map(m -> MessageView.of(m, names.get(m.senderId()))).toList();
    });
  }

  /** The newest message id to or from a user (0 when none): where live delivery starts. */
  public long lastMessageId(long companyId, long userId) {
    return db.read(em -> ((Number) em.createNamedQuery(ChatMessage.LAST_ID)
        .setParameter(1, userId).setParameter(2, companyId).getSingleResult()).longValue());
  }

  /**
   * The messages to or from a user with ids strictly between two, oldest first: what an
   * instance delivers first when an event arrives ahead of earlier commits.
   */
  public List<MessageView> between(long companyId, long userId, long afterId, long beforeId) {
    return db.read(em -> {
      List<ChatMessage> messages = em.createNamedQuery(ChatMessage.BETWEEN, ChatMessage.class)
          .setParameter("company", companyId)
          .setParameter("user", userId)
          .setParameter("after", afterId)
          .setParameter("before", beforeId)
          .setMaxResults(MAX_CATCH_UP)
          .getResultList();
      Map<Long, String> names = usernames(em, messages.stream().map(ChatMessage::senderId)
          .collect(Collectors.toSet()));
      return messages.stream().map(m -> MessageView.of(m, names.get(m.senderId()))).toList();
    });
  }

  public Unread unread(Caller caller) {
    return db.read(em -> {
      Map<Long, Long> counts = unreadBySender(em, caller);
      Map<Long, String> names = usernames(em, counts.keySet());
      List<SenderUnread> bySender = counts.entrySet().stream()
          .map(e -> new SenderUnread(e.getKey(), names.get(e.getKey()), e.getValue()))
          .sorted(Comparator.comparing(SenderUnread::senderId)).toList();
      return new Unread(bySender.stream().mapToLong(SenderUnread::count).sum(), bySender);
    });
  }

  /**
   * The member {@code userId} of the caller's company, active or not.
   *
   * @throws ChatException {@code not_found} for an unknown id and for another company's alike
   */
  public static UserAccount colleague(EntityManager em, Caller caller, long userId) {
    UserAccount user = em.find(UserAccount.class, userId);
    if (user == null || !user.belongsTo(caller.company())) {
      throw ChatException.notFound("user");
    }
    return user;
  }

  private static boolean matches(UserAccount u, String needle) {
    return u.displayName().toLowerCase(Locale.ROOT).contains(needle)
        || u.username().toLowerCase(Locale.ROOT).contains(needle);
  }

  private static Map<Long, Long> unreadBySender(EntityManager em, Caller caller) {
    return em.createNamedQuery(ChatMessage.UNREAD_BY_SENDER, Object[].class)
        .setParameter("company", caller.company())
        .setParameter("user", caller.userId())
        .getResultList().stream()
        .collect(Collectors.toMap(row -> (Long) row[0], row -> ((Number) row[1]).longValue()));
  }

  private static Map<Long, OnlineStatus> statusOf(EntityManager em, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return em.createNamedQuery(OnlineStatus.OF_USERS, OnlineStatus.class).setParameter("ids", ids)
        .getResultList().stream().collect(Collectors.toMap(OnlineStatus::userId, Function.identity()));
  }

  static Map<Long, String> usernames(EntityManager em, Set<Long> ids) {
    Map<Long, String> names = new HashMap<>();
    if (!ids.isEmpty()) {
      em.createQuery("SELECT u FROM UserAccount u WHERE u.id IN :ids", UserAccount.class)
          .setParameter("ids", ids).getResultList()
          .forEach(u -> names.put(u.id(), u.username()));
    }
    return names;
  }

  /** {@code value}, {@code defaultValue} when absent; outside 1..{@code max} a {@code bad_request}. */
  public static int clamp(Integer value, int defaultValue, int max, String name) {
    if (value == null) {
      return defaultValue;
    }
    if (value < 1 || value > max) {
      throw ChatException.badRequest(name + " must be between 1 and " + max);
    }
    return value;
  }
}
