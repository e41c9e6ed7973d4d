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
    contacts.messageWith(2, 50, false);
    contacts.messageWith(1, 40, false);
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
    contacts.messageWith(1, 10, true);
    contacts.messageWith(1, 11, true);
    contacts.messageWith(2, 12, false);
    assertEquals(2, contacts.totalUnread());
    contacts.clearUnread(1);
    assertEquals(0, contacts.totalUnread());
  }

  @Test
  void theServersCountsWinAfterAReconnectButTheOrderIsKept() {
    contacts.replaceAll(List.of(contact(1, "bob", "Bob"), contact(2, "carol", "Carol")));
    contacts.messageWith(2, 99, true);
    contacts.replaceAll(List.of(new Contact(1, "bob", "Bob", true, 3, 0), new Contact(2, "carol", "Carol", false, 0, 0)));
    assertEquals(3, contacts.totalUnread());
    assertEquals(List.of(2L, 1L), ids(""));
  }

  @Test
  void presenceChangesOnlyThatContact() {
    contacts.replaceAll(List.of(contact(1, "bob", "Bob"), contact(2, "carol", "Carol")));
    contacts.setOnline(2, true);
    assertEquals(true, contacts.get(2).orElseThrow().online());
    assertEquals(false, contacts.get(1).orElseThrow().online());
  }

  private List<Long> ids(String filter) {
    return contacts.visible(filter).stream().map(Contact::id).toList();
  }

  private static Contact contact(long id, String username, String name) {
    return new Contact(id, username, name, false, 0, 0);
  }
}
