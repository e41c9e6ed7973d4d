package com.companychat.client.model;

/** A colleague in the employee list, as the list shows them. */
public record Contact(long id, String username, String displayName, boolean online, int unread,
    long lastMessageId) {

  public Contact withOnline(boolean isOnline) {
    return new Contact(id, username, displayName, isOnline, unread, lastMessageId);
  }

  public Contact withUnread(int count) {
    return new Contact(id, username, displayName, online, count, lastMessageId);
  }

  public Contact withLastMessage(long messageId) {
    return new Contact(id, username, displayName, online, unread, Math.max(lastMessageId, messageId));
  }

  boolean matches(String filter) {
    String f = filter.strip().toLowerCase(java.util.Locale.ROOT);
    return f.isEmpty() || displayName.toLowerCase(java.util.Locale.ROOT).contains(f)
        || username.toLowerCase(java.util.Locale.ROOT).contains(f);
  }
}
