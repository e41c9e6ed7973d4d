package com.companychat.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.client.model.Contact;
import com.companychat.client.model.Message;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The main window's page in a real SWT window (Xvfb in CI), its requests to the application
 * recorded: what a person's typing, switching and looking away make the client send.
 */
class ChatPageTest {
  static final long ME = 1;
  static final long BOB = 2;
  static final long CAROL = 3;

  final List<String> asked = new CopyOnWriteArrayList<>();
  Display display;
  Shell shell;
  Shell other;
  Theme theme;
  ChatPage page;

  @BeforeEach
  void open() {
    display = Display.getCurrent() != null ? Display.getCurrent() : new Display();
    shell = new Shell(display);
    shell.setSize(800, 600);
    theme = new Theme(display);
    page = new ChatPage(shell, theme, ME, new Recorder());
    page.setContacts(List.of(new Contact(BOB, "bob", "Bob Smith", true, 0, 0),
        new Contact(CAROL, "carol", "Carol Diaz", true, 0, 0)));
    shell.open();
    activate(shell);
  }

  @AfterEach
  void close() {
    if (other != null) {
      other.dispose();
    }
    shell.dispose();
    theme.dispose();
  }

  @Test
  void switchingConversationTellsThePreviousPeerThatITyped_NotTheNewOne() {
    page.open(BOB);
    page.input().setText("Hel");
    assertEquals(List.of("typing 2 true"), typingAsked());
    page.open(CAROL);
    assertEquals(List.of("typing 2 true", "typing 2 false"), typingAsked());
  }

  @Test
  void sendingEndsMyTypingAtOnce() {
    page.open(BOB);
    page.input().setText("Hello");
    page.send(); // as Enter would
    assertEquals(List.of("typing 2 true", "typing 2 false"), typingAsked());
  }

  @Test
  void aMessageToAnUnfocusedWindowStaysUnreadUntilTheWindowIsActiveAgain() {
    page.open(BOB);
    spinUntil("the opening's mark_read", () -> asked.contains("markRead 2"));
    asked.clear();
    other = new Shell(display);
    other.setSize(200, 100);
    other.open();
    activate(other);
    page.message(10, BOB, ME, "Are you there?", Instant.now(), false, null);
    spin(ReadMarker.DELAY_MS * 3);
    assertEquals(List.of(), markReads(), "nobody looked");
    assertEquals(1, page.totalUnread());

    activate(shell);
    spinUntil("marked read on activation", () -> markReads().size() == 1);
    assertEquals(0, page.totalUnread());
  }

  @Test
  void aMinimisedWindowMarksNothingRead() {
    page.open(BOB);
    spinUntil("the opening's mark_read", () -> asked.contains("markRead 2"));
    asked.clear();
    shell.setMinimized(true);
    spinUntil("minimised", () -> shell.getMinimized());
    page.message(11, BOB, ME, "Still there?", Instant.now(), false, null);
    spin(ReadMarker.DELAY_MS * 3);
    assertEquals(List.of(), markReads());
    assertEquals(1, page.totalUnread());
  }

  @Test
  void aBurstOfArrivalsAsksForOneMarkReadAndNoHistoryAgain() {
    page.open(BOB);
    page.batch(() -> {
      for (int i = 1; i <= 50; i++) {
        page.message(i, BOB, ME, "history " + i, Instant.now(), false, null);
      }
    });
    for (int i = 51; i <= 70; i++) {
      page.message(i, BOB, ME, "live " + i, Instant.now(), false, null);
    }
    spinUntil("one mark_read", () -> markReads().size() == 1);
    spin(ReadMarker.DELAY_MS * 3);
    assertEquals(1, markReads().size(), String.valueOf(asked));
    assertEquals(1, asked.stream().filter(a -> a.startsWith("opened")).count(), String.valueOf(asked));
    assertEquals(70, page.shown().size());
  }

  /** Arrivals taken together (the display thread was busy) are bounded as one at a time would be. */
  @Test
  void arrivalsTakenTogetherAreBoundedAndCountedLikeSingleOnes() {
    page.open(BOB);
    int many = com.companychat.client.model.Conversation.MAX_HELD + 50;
    page.arrivals(() -> {
      for (int i = 1; i <= many; i++) {
        page.message(i, BOB, ME, "burst " + i, Instant.now(), false, null);
        page.message(10_000 + i, CAROL, ME, "other " + i, Instant.now(), false, null);
      }
    });
    assertEquals(com.companychat.client.model.Conversation.MAX_HELD, page.shown().size(), "the open conversation is bounded");
    assertEquals(many, page.shown().get(page.shown().size() - 1).id(), "the newest is shown");
    assertEquals(many, page.totalUnread(), "Carol's are unread, Bob's are looked at");
    assertEquals("Carol Diaz", ((Contact) page.users().getItem(0).getData()).displayName(), "latest activity first");
  }

  @Test
  void historyInMemoryIsBoundedAndWhatWasDroppedIsFetchedAgainOnScrollUp() {
    page.open(BOB);
    page.batch(() -> {
      for (int i = 1; i <= com.companychat.client.model.Conversation.PAGE; i++) {
        page.message(i, BOB, ME, "history " + i, Instant.now(), true, null);
      }
    });
    int live = com.companychat.client.model.Conversation.MAX_HELD;
    for (int i = 1; i <= live; i++) {
      page.message(1000 + i, BOB, ME, "live " + i, Instant.now(), true, null);
    }
    assertEquals(com.companychat.client.model.Conversation.MAX_HELD, page.shown().size(), "bounded while open");
    assertEquals(1001, page.shown().get(0).id(), "the oldest went first");

    page.open(CAROL);
    page.message(5000, CAROL, ME, "hi", Instant.now(), true, null);
    page.open(BOB);
    assertEquals(com.companychat.client.model.Conversation.PAGE, page.shown().size(), "off screen it kept one page");
    long oldest = page.shown().get(0).id();
    asked.clear();
    page.conversationView().setOrigin(0, 0);
    page.conversationView().getVerticalBar().setSelection(0);
    page.conversationView().getVerticalBar().notifyListeners(org.eclipse.swt.SWT.Selection, new Event());
    assertEquals(List.of("older " + BOB + " " + oldest), asked, "the dropped page is fetched again");
  }

  @Test
  void theConversationShowsDaysTheNewMessagesDividerGroupsAndAvatars() throws Exception {
    page.open(BOB);
    Instant now = Instant.now();
    Instant twoDaysAgo = now.minus(java.time.Duration.ofDays(2));
    Instant yesterday = now.minus(java.time.Duration.ofDays(1));
    page.batch(() -> {
      page.message(1, BOB, ME, "Did you see the release notes?", twoDaysAgo, true, null);
      page.message(2, ME, BOB, "Yes — https://example.com/notes is the link", twoDaysAgo.plusSeconds(60), true, null);
      page.message(3, BOB, ME, "Lunch tomorrow?", yesterday, true, null);
      page.message(4, BOB, ME, "The usual place", yesterday.plusSeconds(30), true, null);
      page.message(5, BOB, ME, "Are you in today?", now.minusSeconds(120), false, null);
      page.message(6, BOB, ME, "I'll be at my desk at ten", now.minusSeconds(100), false, null);
    });
    spin(300);
    List<String> separators = new java.util.ArrayList<>();
    int bubbles = 0;
    for (org.eclipse.swt.widgets.Control c : ((org.eclipse.swt.widgets.Composite) page.conversationView().getContent())
        .getChildren()) {
      if (c instanceof org.eclipse.swt.widgets.Label l) {
        separators.add(l.getText().replace("─", "").strip());
      } else {
        bubbles++;
      }
    }
    assertEquals(6, bubbles);
    assertEquals("Yesterday", separators.get(1));
    assertEquals(List.of("Yesterday", "Today", "New messages"), separators.subList(1, 4));
    screenshot("20-conversation-view");
  }

  private void screenshot(String name) {
    spin(300);
    com.companychat.client.Screenshots.window(shell, name);
  }

  @Test
  void eachConversationKeepsItsDraftAndCtrlKEscDriveTheSearch() {
    page.open(BOB);
    page.input().setText("half a thought");
    page.open(CAROL);
    assertEquals("", page.input().getText());
    page.open(BOB);
    assertEquals("half a thought", page.input().getText());
    assertEquals(List.of("typing 2 true", "typing 2 false"), typingAsked(), "a restored draft is no typing");

    display.post(keyEvent(org.eclipse.swt.SWT.KeyDown, org.eclipse.swt.SWT.MOD1 == org.eclipse.swt.SWT.COMMAND
        ? org.eclipse.swt.SWT.COMMAND : org.eclipse.swt.SWT.CTRL, 0));
    display.post(keyEvent(org.eclipse.swt.SWT.KeyDown, 0, 'k'));
    display.post(keyEvent(org.eclipse.swt.SWT.KeyUp, 0, 'k'));
    display.post(keyEvent(org.eclipse.swt.SWT.KeyUp, org.eclipse.swt.SWT.MOD1 == org.eclipse.swt.SWT.COMMAND
        ? org.eclipse.swt.SWT.COMMAND : org.eclipse.swt.SWT.CTRL, 0));
    spinUntil("Ctrl+K focuses the search", () -> display.getFocusControl() == page.search());
    page.search().setText("car");
    assertEquals(1, page.users().getItemCount());
    Event enter = new Event();
    enter.keyCode = org.eclipse.swt.SWT.CR;
    page.search().notifyListeners(org.eclipse.swt.SWT.KeyDown, enter);
    assertEquals(CAROL, page.openPeer().getAsLong(), "Enter opens the first match");
    Event esc = new Event();
    esc.keyCode = org.eclipse.swt.SWT.ESC;
    page.search().notifyListeners(org.eclipse.swt.SWT.KeyDown, esc);
    assertEquals("", page.search().getText());
    assertEquals(2, page.users().getItemCount());
  }

  /** Keys pressed on the X server (XTest), as a person types them into the focused message field. */
  @Test
  void shiftEnterStartsANewLineAndEnterSends() {
    page.open(BOB);
    page.input().setFocus();
    page.input().setText("first line");
    page.input().setSelection(page.input().getText().length());
    asked.clear();
    int shift = org.eclipse.swt.SWT.SHIFT;
    int enter = org.eclipse.swt.SWT.CR;
    display.post(keyEvent(org.eclipse.swt.SWT.KeyDown, shift, 0));
    display.post(keyEvent(org.eclipse.swt.SWT.KeyDown, enter, '\r'));
    display.post(keyEvent(org.eclipse.swt.SWT.KeyUp, enter, '\r'));
    display.post(keyEvent(org.eclipse.swt.SWT.KeyUp, shift, 0));
    spinUntil("Shift+Enter's new line", () -> page.input().getText().contains("\n"));
    assertFalse(asked.contains("send " + BOB), "Shift+Enter does not send: " + asked);
    display.post(keyEvent(org.eclipse.swt.SWT.KeyDown, enter, '\r'));
    display.post(keyEvent(org.eclipse.swt.SWT.KeyUp, enter, '\r'));
    spinUntil("Enter sends", () -> asked.contains("send " + BOB));
    assertEquals("", page.input().getText(), "the field is emptied");
  }

  private static Event keyEvent(int type, int keyCode, int character) {
    Event e = new Event();
    e.type = type;
    e.keyCode = keyCode != 0 ? keyCode : character;
    e.character = (char) character;
    return e;
  }

  private List<String> typingAsked() {
    return asked.stream().filter(a -> a.startsWith("typing")).toList();
  }

  private List<String> markReads() {
    return asked.stream().filter(a -> a.startsWith("markRead")).toList();
  }

  private void activate(Shell s) {
    s.forceActive();
    s.setActive();
    spinUntil("window active", () -> display.getActiveShell() == s);
  }

  private void spin(long ms) {
    long end = System.nanoTime() + ms * 1_000_000;
    while (System.nanoTime() < end) {
      if (!display.readAndDispatch()) {
        display.timerExec(20, () -> { });
        display.sleep();
      }
    }
  }

  /** Waits for the display to get there: a bound for a broken build, never a speed check. */
  private void spinUntil(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting for: " + what + " " + asked);
      spin(20);
    }
  }

  private final class Recorder implements ChatPage.Actions {
    private int sent;

    @Override
    public Message send(long peer, String text) {
      asked.add("send " + peer);
      return new Message(0, ME, peer, text, Instant.now(), false, "c-" + ++sent, Message.Delivery.SENDING, null);
    }

    @Override
    public void opened(long peer) {
      asked.add("opened " + peer);
    }

    @Override
    public void markRead(long peer) {
      asked.add("markRead " + peer);
    }

    @Override
    public void typing(long peer, boolean isTyping) {
      asked.add("typing " + peer + " " + isTyping);
    }

    @Override
    public void loadOlder(long peer, long before) {
      asked.add("older " + peer + " " + before);
    }

    @Override
    public void retry(com.companychat.client.model.Message message) {
      asked.add("retry " + message.clientMsgId());
    }
  }
}
