package com.companychat.events;

import com.companychat.messaging.control.MessageView;

/**
 * Something that happened in a company and that open sockets may need to hear of. Events cross
 * instances through the {@link EventBus}; each is scoped to one company.
 */
public sealed interface ChatEvent {

  long companyId();

  /**
   * A message was stored; it goes to the sockets of its sender and its receiver. The seqs are
   * the message's place in each user's event stream (CONTRACT §6.1; {@link #UNKNOWN} when the
   * publisher did not say): an instance that delivered the seq before it knows nothing came in
   * between, without asking the database.
   */
  record MessageSent(long companyId, MessageView message, long senderSeq, long receiverSeq)
      implements ChatEvent {
    public static final long UNKNOWN = -1;

    /** A message whose seqs are not known. */
    public MessageSent(long companyId, MessageView message) {
      this(companyId, message, UNKNOWN, UNKNOWN);
    }

    /** The seq of this message in the stream of {@code userId}, its sender or its receiver. */
    public long seqOf(long userId) {
      return userId == message.senderId() ? senderSeq : receiverSeq;
    }
  }

  /**
   * {@code readerId} read everything {@code senderId} had sent them, up to {@code upTo} (null:
   * nothing yet). {@code originSocket} is the socket that said so (null over REST): the reader's
   * other sockets are told, not that one. The seqs are the receipt's place in the reader's and the
   * sender's streams; {@link #NOT_TOLD} for a sender who is not told (read receipts off, §6.2).
   */
  record MessagesRead(long companyId, long readerId, long senderId, String originSocket, long readerSeq,
      long senderSeq, Long upTo) implements ChatEvent {
    /** No seq is 0: the stream's first is 1. */
    public static final long NOT_TOLD = 0;

    /** A receipt whose seqs are not known. */
    public MessagesRead(long companyId, long readerId, long senderId, String originSocket) {
      this(companyId, readerId, senderId, originSocket, MessageSent.UNKNOWN, MessageSent.UNKNOWN, null);
    }

    public boolean tellsSender() {
      return senderSeq != NOT_TOLD;
    }
  }

  /** A user changed their settings (CONTRACT §6.2); told to their own sockets. */
  record SettingsUpdated(long companyId, long userId, boolean readReceipts, long seq) implements ChatEvent {}

  /**
   * {@code receiverId}'s client has every message {@code senderId} sent them up to {@code upTo}
   * (CONTRACT §6.2); told to the sender only. {@code senderSeq} is its place in the sender's stream.
   */
  record MessagesDelivered(long companyId, long receiverId, long senderId, long upTo, long senderSeq)
      implements ChatEvent {}

  /** Typing started or stopped; goes to the receiver only and is never stored. */
  record Typing(long companyId, long senderId, String senderUsername, long receiverId,
      boolean isTyping) implements ChatEvent {}

  /**
   * A user's first socket opened or last socket closed, cluster-wide. {@code version} orders
   * the changes of one user: an older one arriving late is dropped.
   */
  record PresenceChanged(long companyId, long userId, String username, boolean online, long version)
      implements ChatEvent {}

  /** A user was deactivated: every socket of theirs, on every instance, closes. */
  record UserDeactivated(long companyId, long userId) implements ChatEvent {}

  /**
   * Login sessions of a user ended (logout, a replayed refresh token, a password change or
   * reset): their sockets, on every instance, close with 1008. {@code session} names the one
   * session that ended, null for all of the user's; {@code keptSession}, when not null, is the
   * session that goes on (the one that changed its own password).
   */
  record SessionsEnded(long companyId, long userId, String session, String keptSession)
      implements ChatEvent {

    /** Whether a socket of this user, opened by {@code socketSession}, must close. */
    public boolean ends(String socketSession) {
      if (session != null) {
        return session.equals(socketSession);
      }
      return keptSession == null || !keptSession.equals(socketSession);
    }
  }

  /**
   * Events of this company may have been lost between instances (Redis was away or too far
   * behind): the sockets of its users catch up on their messages from the database.
   */
  record EventsMissed(long companyId) implements ChatEvent {}
}
