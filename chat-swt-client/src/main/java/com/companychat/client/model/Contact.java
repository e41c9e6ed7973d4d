package com.companychat.client.model;

import java.time.Instant;

/**
 * A colleague in the employee list, as the list shows them: presence (and when last seen, from
 * the server's {@code last_seen} or the moment their {@code user_status} went offline), unread
 * count, and the latest message with them (preview and time under the name, and the list order).
 */
public record Contact(long id, String username, String displayName, boolean online, int unread,
    Instant lastSeen, Latest latest) {

  /** The latest message between me and this colleague; {@link #NONE} before any. */
  public record Latest(long messageId, String text, Instant at, boolean mine) {}

  public static final Latest NONE = new Latest(0, "", null, false);

  public Contact(long id, String username, String displayName, boolean online, int unread, long lastMessageId) {
    this(id, username, displayName, online, unread, null,
        lastMessageId == 0 ? NONE : new Latest(lastMessageId, "", null, false));
  }

  public long lastMessageId() {
    return latest.messageId();
  }

  /** Online or not; going offline at {@code now} makes {@code now} the last seen. */
  public Contact withOnline(boolean isOnline, Instant now) {
    Instant seen = online && !isOnline ? now : lastSeen;
    return new Contact(id, username, displayName, isOnline, unread, seen, latest);
  }

  public Contact withUnread(int count) {
    return new Contact(id, username, displayName, online, count, lastSeen, latest);
  }

  /** The newer (by id, the server's order) of the latest held and {@code message}. */
  public Contact withLatest(Latest message) {
    return new Contact(id, username, displayName, online, unread, lastSeen,
        message.messageId() > latest.messageId() ? message : latest);
  }

  boolean matches(String filter) {
    String f = filter.strip().toLowerCase(java.util.Locale.ROOT);
    return f.isEmpty() || displayName.toLowerCase(java.util.Locale.ROOT).contains(f)
        || username.toLowerCase(java.util.Locale.ROOT).contains(f);
  }
}
