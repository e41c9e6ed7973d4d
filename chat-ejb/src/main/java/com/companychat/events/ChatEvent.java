package com.companychat.events;

import com.companychat.messaging.control.MessageView;

/**
 * Something that happened in a company and that open sockets may need to hear of. Events cross
 * instances through the {@link EventBus}; each is scoped to one company.
 */
public sealed interface ChatEvent {

  long companyId();

  /** A message was stored; it goes to the sockets of its sender and its receiver. */
  record MessageSent(long companyId, MessageView message) implements ChatEvent {}

  /**
   * {@code readerId} read everything {@code senderId} had sent them. {@code originSocket} is the
   * socket that said so (null over REST): the reader's other sockets are told, not that one.
   */
  record MessagesRead(long companyId, long readerId, long senderId, String originSocket)
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
   * Events of this company may have been lost between instances (Redis was away or too far
   * behind): the sockets of its users catch up on their messages from the database.
   */
  record EventsMissed(long companyId) implements ChatEvent {}
}
