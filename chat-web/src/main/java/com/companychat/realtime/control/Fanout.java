package com.companychat.realtime.control;

import com.companychat.events.ChatEvent;
import com.companychat.events.EventBus;
import com.companychat.messaging.control.MessageView;
import com.companychat.platform.FailureLog;
import com.companychat.presence.control.PresenceSnapshot;
import com.companychat.protocol.FrameCodec;
import com.companychat.protocol.ServerFrame;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * Hands each event of the bus to this instance's sockets that should hear of it, and to no
 * other: every target is re-checked to belong to the event's company, whatever the event's
 * origin (this instance or another one, through Redis).
 */
@ApplicationScoped
public class Fanout {
  private static final FailureLog FAILURES = new FailureLog(Logger.getLogger(Fanout.class.getName()));

  @Inject
  SocketRegistry sockets;

  @Inject
  EventBus events;

  @Inject
  DeliveryOrder order;

  @Inject
  PresenceSnapshot presenceSnapshot;

  @Inject
  RealtimeMetrics metrics;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  Executor background;

  private final ConcurrentMap<Long, Long> presenceVersions = new ConcurrentHashMap<>();
  private final ThreadLocal<Deque<ChatEvent.PresenceChanged>> announcing = new ThreadLocal<>();

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    events.subscribe(this::deliver);
  }

  void deliver(ChatEvent event) {
    if (event instanceof ChatEvent.MessageSent sent) {
      MessageView message = sent.message();
      ServerFrame frame = chatMessage(message);
      for (long user : new long[] {message.senderId(), message.receiverId()}) {
        boolean delivered = deliverInOrder(event.companyId(), user, sent.seqOf(user), frame, null);
        if (delivered && user == message.receiverId()) {
          metrics.delivered(message.createdAt());
        }
      }
    } else if (event instanceof ChatEvent.MessagesRead read) {
      ServerFrame frame = new ServerFrame.MessagesRead(read.readerId(), read.senderId(), read.upTo());
      if (read.tellsSender()) {
        deliverInOrder(event.companyId(), read.senderId(), read.senderSeq(), frame, null);
      }
      deliverInOrder(event.companyId(), read.readerId(), read.readerSeq(), frame, read.originSocket());
    } else if (event instanceof ChatEvent.MessagesDelivered delivered) {
      deliverInOrder(event.companyId(), delivered.senderId(), delivered.senderSeq(),
          new ServerFrame.MessagesDelivered(delivered.receiverId(), delivered.senderId(), delivered.upTo()), null);
    } else if (event instanceof ChatEvent.SettingsUpdated settings) {
      deliverInOrder(event.companyId(), settings.userId(), settings.seq(),
          new ServerFrame.SettingsUpdated(settings.readReceipts()), null);
    } else if (event instanceof ChatEvent.Typing typing) {
      String frame = FrameCodec.encode(new ServerFrame.TypingIndicator(typing.senderId(),
          typing.senderUsername(), typing.receiverId(), typing.isTyping()));
      toUser(typing.receiverId(), event.companyId(), frame);
    } else if (event instanceof ChatEvent.PresenceChanged presence) {
      // Off the caller's thread: a change is raised in the container's open and close callbacks,
      // which hold that socket's writer; announcing there, while another thread announcing to
      // that socket held this user's entry of presenceVersions, deadlocked (ReconnectStormIT).
      background.execute(() -> announceIfNewest(presence));
    } else if (event instanceof ChatEvent.EventsMissed missed) {
      // Off the bus's thread: a catch-up reads the database.
      background.execute(() -> catchUp(missed.companyId()));
    } else if (event instanceof ChatEvent.UserDeactivated gone) {
      for (Connection c : sockets.ofUser(gone.userId())) {
        if (c.companyId() == event.companyId()) {
          c.close(CloseReason.CloseCodes.VIOLATED_POLICY, "account deactivated");
        }
      }
    }
  }

  /**
   * Tells the company's sockets, unless a newer change of this user was announced already; the
   * check and the queueing are one step per user, so two changes cannot overtake each other.
   * A change raised while announcing one (a send that ends a socket on this thread) waits until
   * that announcement is done: the map must not be updated from inside its own update.
   */
  private void announceIfNewest(ChatEvent.PresenceChanged presence) {
    Deque<ChatEvent.PresenceChanged> raisedMeanwhile = announcing.get();
    if (raisedMeanwhile != null) {
      raisedMeanwhile.add(presence);
      return;
    }
    Deque<ChatEvent.PresenceChanged> queue = new ArrayDeque<>();
    announcing.set(queue);
    try {
      for (ChatEvent.PresenceChanged next = presence; next != null; next = queue.poll()) {
        announceNow(next);
      }
    } finally {
      announcing.remove();
    }
  }

  private void announceNow(ChatEvent.PresenceChanged presence) {
    String frame = FrameCodec.encode(new ServerFrame.UserStatus(presence.userId(), presence.username(),
        presence.online()));
    presenceVersions.compute(presence.userId(), (user, seen) -> {
      if (seen != null && seen >= presence.version()) {
        return seen;
      }
      // Ready sockets only: one still opening may not take a send yet (a suspected cause of a
      // rare close right after connecting); its client reads presence from GET /users anyway.
      for (Connection c : sockets.ofCompany(presence.companyId())) {
        if (c.companyId() == presence.companyId() && c.isReady()) {
          c.offer(frame);
        }
      }
      return presence.version();
    });
  }

  /*
   * Messages and presence both: a user who went offline on another instance while Redis was away
   * would stay online here for ever. The database's versions are those of the announcements, so
   * a change these sockets were told of already is not told again.
   */
  private void catchUp(long companyId) {
    try {
      presenceSnapshot.of(companyId).forEach(this::announceIfNewest);
    } catch (RuntimeException e) {
      FAILURES.failed("Could not re-read presence after missed events", e);
    }
    sockets.ofCompany(companyId).stream().map(Connection::userId).distinct().forEach(user -> {
      try {
        order.catchUp(companyId, user);
      } catch (RuntimeException e) {
        reconnectToCatchUp(user, e);
      }
    });
  }

  /*
   * If the order cannot be established (the database is away), the user's sockets here are
   * closed with 1013: their clients reconnect and catch up (by id, or by seq), rather than see a gap.
   */
  private boolean deliverInOrder(long companyId, long user, long seq, ServerFrame frame, String exceptSocket) {
    try {
      return order.deliver(companyId, user, seq, FrameCodec.encode(frame, seq), exceptSocket);
    } catch (RuntimeException e) {
      reconnectToCatchUp(user, e);
      return false;
    }
  }

  private void reconnectToCatchUp(long user, RuntimeException e) {
    FAILURES.failed("Could not deliver in order; the user's sockets reconnect and catch up", e);
    sockets.ofUser(user).forEach(c -> c.close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "reconnect and catch up"));
  }

  public static ServerFrame.ChatMessage chatMessage(MessageView m) {
    return new ServerFrame.ChatMessage(m.messageId(), m.senderId(), m.senderUsername(),
        m.receiverId(), m.message(), m.createdAt(), m.isRead(), m.clientMsgId(), m.deliveredAt());
  }

  /** A frame that is never stored and may be shed when the socket is behind (typing). */
  private void toUser(long userId, long companyId, String frame) {
    for (Connection c : sockets.ofUser(userId)) {
      if (c.companyId() == companyId) {
        c.offer(frame);
      }
    }
  }
}
