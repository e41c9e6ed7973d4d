package com.companychat.realtime.control;

import com.companychat.messaging.control.ConversationQueries;
import com.companychat.messaging.control.MessageView;
import com.companychat.protocol.FrameCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each user's messages to their sockets on this instance in {@code message_id} order,
 * each once, with nothing missed between the handshake and the first live event.
 *
 * <p>Events can arrive out of order when two users send from different instances: a local
 * commit is heard at once, an earlier commit of another instance a moment later through Redis.
 * Ids are committed in order per user (the users' rows are locked before an id is drawn), so
 * when id X arrives, every smaller id of that user is in the database already: those not
 * delivered yet are read and delivered first, and their own events are dropped when they come.
 * The event names the user's previous message; when that one was delivered here already, nothing
 * came in between and the database is not asked (ids are global, so X rarely follows X - 1).
 *
 * <p>A socket's live delivery starts at the newest id the handshake saw. When it opens, what was
 * committed since is delivered to it first ("ready" only then), so a message committed while
 * the socket was being opened is neither lost nor doubled, whatever the client's own catch-up.
 */
@ApplicationScoped
public class DeliveryOrder {
  static final int REMEMBERED_IDS = 64;
  static final int PAGE = ConversationQueries.MAX_CATCH_UP;

  @Inject
  ConversationQueries queries;

  @Inject
  SocketRegistry sockets;

  @Inject
  RealtimeMetrics metrics;

  private final Map<Long, Delivered> users = new ConcurrentHashMap<>();

  /**
   * Registers a socket whose handshake saw {@code startId}, delivers what it missed, makes it ready.
   * When the user has sockets here already, what they have not been given yet is read too (a
   * message may still be on its way from another instance while a newer one is already read
   * here): it goes to them in order, and the new socket gets what came after its start.
   */
  public void open(Connection connection, long startId) {
    Delivered state = users.compute(connection.userId(), (user, existing) -> {
      sockets.add(connection);
      return existing == null ? new Delivered(startId) : existing;
    });
    synchronized (state) {
      long from = Math.min(startId, state.last);
      for (MessageView m : committedAfter(connection.companyId(), connection.userId(), from)) {
        String frame = FrameCodec.encode(Fanout.chatMessage(m));
        if (!state.contains(m.messageId())) {
          readySockets(connection.companyId(), connection.userId()).forEach(c -> c.send(frame));
          state.add(m.messageId());
        }
        if (m.messageId() > startId) {
          connection.send(frame);
        }
      }
      connection.markReady();
    }
  }

  /** Unregisters a socket; the user's state goes with their last socket here. */
  public void close(Connection connection) {
    users.computeIfPresent(connection.userId(), (user, state) -> {
      sockets.remove(connection);
      return sockets.ofUser(user).isEmpty() ? null : state;
    });
  }

  /**
   * Delivers {@code message} to the user's ready sockets, preceded by any message it overtook.
   * {@code previousId} is the user's message before it, or negative when not known.
   */
  public void deliver(long companyId, long userId, MessageView message, long previousId) {
    Delivered state = users.get(userId);
    if (state == null) {
      return;
    }
    synchronized (state) {
      if (state.contains(message.messageId())) {
        return;
      }
      boolean overtook = previousId < 0 ? message.messageId() > state.last + 1 : previousId > state.last;
      if (overtook) {
        for (MessageView earlier : between(companyId, userId, state.last, message.messageId())) {
          if (!state.contains(earlier.messageId())) {
            send(companyId, userId, earlier);
            state.add(earlier.messageId());
          }
        }
      }
      send(companyId, userId, message);
      state.add(message.messageId());
    }
  }

  /**
   * Delivers to the user's sockets here whatever was committed for them and not delivered yet:
   * for when events may have been lost on their way between instances.
   */
  public void catchUp(long companyId, long userId) {
    Delivered state = users.get(userId);
    if (state == null) {
      return;
    }
    synchronized (state) {
      for (MessageView m : committedAfter(companyId, userId, state.last)) {
        if (!state.contains(m.messageId())) {
          send(companyId, userId, m);
          state.add(m.messageId());
        }
      }
    }
  }

  private void send(long companyId, long userId, MessageView message) {
    String frame = FrameCodec.encode(Fanout.chatMessage(message));
    List<Connection> ready = readySockets(companyId, userId);
    ready.forEach(c -> c.send(frame));
    if (userId == message.receiverId() && !ready.isEmpty()) {
      metrics.delivered(message.createdAt());
    }
  }

  /* Defence in depth: a socket hears only of its own company's messages, whatever the event claims. */
  private List<Connection> readySockets(long companyId, long userId) {
    return sockets.ofUser(userId).stream().filter(c -> c.isReady() && c.companyId() == companyId).toList();
  }

  private List<MessageView> committedAfter(long companyId, long userId, long afterId) {
    return between(companyId, userId, afterId, Long.MAX_VALUE);
  }

  /** Every message of the user strictly between two ids, oldest first, page by page. */
  private List<MessageView> between(long companyId, long userId, long afterId, long beforeId) {
    List<MessageView> all = new java.util.ArrayList<>();
    long from = afterId;
    while (true) {
      List<MessageView> page = queries.between(companyId, userId, from, beforeId);
      all.addAll(page);
      if (page.size() < PAGE) {
        return all;
      }
      from = page.get(page.size() - 1).messageId();
    }
  }

  /**
   * What one user got delivered here: everything up to the start id, then the ids remembered;
   * every message of the user up to {@code last} was delivered.
   */
  private static final class Delivered {
    private final long start;
    private final Deque<Long> recent = new ArrayDeque<>();
    private long last;

    Delivered(long start) {
      this.start = start;
      this.last = start;
    }

    boolean contains(long id) {
      return id <= start || recent.contains(id)
          || (recent.size() == REMEMBERED_IDS && id < recent.peekFirst());
    }

    void add(long id) {
      recent.addLast(id);
      if (recent.size() > REMEMBERED_IDS) {
        recent.removeFirst();
      }
      last = Math.max(last, id);
    }
  }
}
