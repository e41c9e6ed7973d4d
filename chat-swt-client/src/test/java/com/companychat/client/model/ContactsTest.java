package com.companychat.client.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContactsTest {
  Contacts contacts = new Contacts();

  @Test
  void theMostRecentConversationComesFirstThenNames() {
    contacts.replaceAll(List.of(contact(1, "bob", "Bob"), contact(2, "carol", "Carol"), contact(3, "alice", "Alice")));
    assertEquals(List.of(3L, 1L, 2L), ids(""));
    contacts.messageWith(2, latest(50), false);
    contacts.messageWith(1, latest(40), false);
    assertEquals(List.of(2L, 1L, 3L), ids(""));
  }

  @Test
  void searchFiltersByNameOrUsernameIgnoringCase() {
    contacts.replaceAll(List.of(contact(1, "bob", "Bob Smith"), contact(2, "carol", "Carol Diaz")));
    assertEquals(List.of(1L), ids("SMI"));
    assertEquals(List.of(2L), ids("caro"));
    assertEquals(List.of(), ids("zed"));
    assertEquals(2, ids("  ").size());
  }

  @Test
  void unreadCountsFollowMessagesAndClearWhenOpened() {
    contacts.replaceAll(List.of(contact(1, "bob", "Bob"), contact(2, "carol", "Carol")));
    contacts.messageWith(1, latest(10), true);
    contacts.messageWith(1, latest(11), true);
    contacts.messageWith(2, latest(12), false);
    assertEquals(2, contacts.totalUnread());
    contacts.clearUnread(1);
    assertEquals(0, contacts.totalUnread());
  }

  @Test
  void theServersCountsWinAfterAReconnectButTheOrderIsKept() {
    contacts.replaceAll(List.of(contact(1, "bob", "Bob"), contact(2, "carol", "Carol")));
    contacts.messageWith(2, latest(99), true);
    contacts.replaceAll(List.of(new Contact(1, "bob", "Bob", true, 3, 0), new Contact(2, "carol", "Carol", false, 0, 0)));
    assertEquals(3, contacts.totalUnread());
    assertEquals(List.of(2L, 1L), ids(""));
  }

  @Test
  void presenceChangesOnlyThatContact() {
    contacts.replaceAll(List.of(contact(1, "bob", "Bob"), contact(2, "carol", "Carol")));
    contacts.setOnline(2, true, java.time.Instant.EPOCH);
    assertEquals(true, contacts.get(2).orElseThrow().online());
    assertEquals(false, contacts.get(1).orElseThrow().online());
  }

  private List<Long> ids(String filter) {
    return contacts.visible(filter).stream().map(Contact::id).toList();
  }

  private static Contact.Latest latest(long messageId) {
    return new Contact.Latest(messageId, "text " + messageId, java.time.Instant.EPOCH, false);
  }

  @Test
  void goingOfflineIsWhenTheyWereLastSeen_andTheLatestMessageIsTheNewestById() {
    java.time.Instant at = java.time.Instant.parse("2026-03-01T10:00:00Z");
    contacts.replaceAll(List.of(new Contact(1, "bob", "Bob", true, 0, 0)));
    contacts.messageWith(1, latest(7), false);
    contacts.messageWith(1, latest(5), false);
    contacts.setOnline(1, false, at);
    Contact bob = contacts.get(1).orElseThrow();
    assertEquals(at, bob.lastSeen());
    assertEquals("text 7", bob.latest().text());
    contacts.setOnline(1, false, at.plusSeconds(60));
    assertEquals(at, contacts.get(1).orElseThrow().lastSeen(), "already offline: last seen stays");
  }

  private static Contact contact(long id, String username, String name) {
    return new Contact(id, username, name, false, 0, 0);
  }
}
