package com.companychat.client.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The employee list: presence, unread badges and the order (most recent conversation first,
 * then by name). Unread counts come from the server after every (re)connect and are kept up to
 * date by events in between; only opening a conversation clears one, never a notification.
 */
public final class Contacts {
  private static final Comparator<Contact> ORDER = Comparator
      .comparingLong(Contact::lastMessageId).reversed()
      .thenComparing(Contact::displayName, String.CASE_INSENSITIVE_ORDER);

  private final Map<Long, Contact> byId = new LinkedHashMap<>();

  /** Replaces everything with what the server says now. */
  public void replaceAll(Collection<Contact> fresh) {
    Map<Long, Contact.Latest> latest = new LinkedHashMap<>();
    byId.values().forEach(c -> latest.put(c.id(), c.latest()));
    byId.clear();
    fresh.forEach(c -> byId.put(c.id(), c.withLatest(latest.getOrDefault(c.id(), Contact.NONE))));
  }

  public Optional<Contact> get(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  public void setOnline(long id, boolean online, java.time.Instant now) {
    byId.computeIfPresent(id, (k, c) -> c.withOnline(online, now));
  }

  /** A message to or from this contact: it moves to the top; unread when from them and not open. */
  public void messageWith(long id, Contact.Latest message, boolean unread) {
    byId.computeIfPresent(id, (k, c) -> {
      Contact moved = c.withLatest(message);
      return unread ? moved.withUnread(moved.unread() + 1) : moved;
    });
  }

  public void clearUnread(long id) {
    byId.computeIfPresent(id, (k, c) -> c.withUnread(0));
  }

  public int totalUnread() {
    return byId.values().stream().mapToInt(Contact::unread).sum();
  }

  /** The contacts whose name or username contains {@code filter}, in list order. */
  public List<Contact> visible(String filter) {
    return byId.values().stream().filter(c -> c.matches(filter)).sorted(ORDER).toList();
  }
}
