package com.companychat.client.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The messages between me and one colleague: stored ones in id order (the server's order, never
 * the clocks'), each once however often it arrives, then my pending ones in the order written.
 */
public final class Conversation {
  /** Messages one page of history holds; what a conversation not on screen keeps. */
  public static final int PAGE = 50;
  /** At most this many stored messages are held for the open conversation; older ones are re-fetched. */
  public static final int MAX_HELD = 4 * PAGE;
  private final long me;
  private final long peer;
  private final TreeMap<Long, Message> stored = new TreeMap<>();
  private final Map<String, Message> pending = new java.util.LinkedHashMap<>();
  private long olderAsked = -1;

  public Conversation(long me, long peer) {
    this.me = me;
    this.peer = peer;
  }

  /** Adds a stored message; a pending one with its client id is replaced. @return whether new */
  public boolean add(Message message) {
    if (message.clientMsgId() != null) {
      pending.remove(message.clientMsgId());
    }
    return stored.putIfAbsent(message.id(), message) == null;
  }

  public void addPending(Message message) {
    pending.put(message.clientMsgId(), message);
  }

  public void fail(String clientMsgId, String error) {
    pending.computeIfPresent(clientMsgId, (k, m) -> new Message(0, m.senderId(), m.receiverId(), m.text(),
        m.createdAt(), false, k, Message.Delivery.FAILED, error));
  }

  /** A failed one of mine is being sent again: "sending…" once more. */
  public void retrying(String clientMsgId) {
    pending.computeIfPresent(clientMsgId, (k, m) -> new Message(0, m.senderId(), m.receiverId(), m.text(),
        m.createdAt(), false, k, Message.Delivery.SENDING, null));
  }

  /**
   * Drops the oldest stored messages beyond {@code max} (memory stays bounded however long the
   * app runs); scrolling up fetches them again. @return how many were dropped
   */
  public int keepNewest(int max) {
    int dropped = 0;
    while (stored.size() > max) {
      stored.pollFirstEntry();
      dropped++;
    }
    if (dropped > 0) {
      olderAsked = -1;
    }
    return dropped;
  }

  /** The peer read everything I sent: ✓✓ on all of mine. */
  public void readByPeer() {
    stored.replaceAll((id, m) -> m.senderId() == me ? m.asRead() : m);
  }

  /** I read everything they sent (the "New messages" divider does not come back). */
  public void readByMe() {
    stored.replaceAll((id, m) -> m.senderId() != me ? m.asRead() : m);
  }

  public boolean hasUnreadFromPeer() {
    return stored.values().stream().anyMatch(m -> m.senderId() != me && !m.read());
  }

  public List<Message> messages() {
    List<Message> all = new ArrayList<>(stored.values());
    all.addAll(pending.values());
    return all;
  }

  /**
   * Whether to ask for the page before the oldest message held: once per oldest id, so that
   * scrolling about at the top asks the server once, and again only after that page arrived.
   */
  public boolean shouldFetchOlder() {
    long oldest = oldestId();
    if (oldest == 0 || oldest == olderAsked) {
      return false;
    }
    olderAsked = oldest;
    return true;
  }

  /** The oldest stored id, where lazy loading of older history goes on; 0 when none. */
  public long oldestId() {
    return stored.isEmpty() ? 0 : stored.firstKey();
  }

  public long peer() {
    return peer;
  }

  public long me() {
    return me;
  }
}
