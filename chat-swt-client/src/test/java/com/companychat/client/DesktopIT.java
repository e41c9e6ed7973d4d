package com.companychat.client;

import static com.companychat.client.DesktopDriver.contact;
import static com.companychat.client.DesktopDriver.pageOf;
import static com.companychat.client.DesktopDriver.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.client.model.Message;
import com.companychat.client.net.ChatApi;
import com.companychat.client.ui.AccessibleNames;
import com.companychat.client.ui.ChatPage;
import com.companychat.client.ui.MessageBubble;
import jakarta.websocket.Session;
import java.net.URI;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.ACC;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The desktop client's list, header, retry, theme and keyboard in real SWT windows against a real
 * server of its own: one whose send limit is {@value #BURST} messages per user and then (almost)
 * nothing, so that a refusal ({@code rate_limited}) comes at a known message, at any speed.
 * Leaves the screenshots the README shows in target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopIT {
  static final int BURST = 8;

  TestServer server;
  Display display;
  DesktopDriver driver;
  Shell aliceWindow;
  ChatPage alice;
  final List<Shell> windows = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    // long-lived tokens: the refresh (and the socket's end with its token) is ClientIT's business
    server = TestServer.own("desktop", "chat.rate.burst=" + BURST, "chat.rate.messages-per-second=0.0001",
        "chat.jwt.access-token-seconds=3600");
    display = Display.getCurrent() != null ? Display.getCurrent() : new Display();
    driver = new DesktopDriver(display);
  }

  @AfterAll
  void stop() throws Exception {
    windows.stream().filter(w -> !w.isDisposed()).forEach(Shell::dispose);
    server.stop();
  }

  @Test
  @Order(1)
  void theListIsInOrderOfLatestActivityWithPreviewTimeAndUnreadInBold() throws Exception {
    ChatApi carol = api("carol");
    ChatApi bob = api("bob");
    long aliceId = idOf(bob, "alice");
    carol.send(aliceId, "Lunch at 12?", java.util.UUID.randomUUID().toString());
    bob.send(aliceId, "Morning! Did you see the release notes?", java.util.UUID.randomUUID().toString());
    bob.send(aliceId, "They are here: https://example.com/notes", java.util.UUID.randomUUID().toString());

    aliceWindow = open("alice", "desktop-01-login");
    aliceWindow.setBounds(0, 0, 900, 620);
    alice = pageOf(aliceWindow);
    driver.waitFor("the latest messages in the list", () -> row(alice, 0).username().equals("bob")
        && row(alice, 1).username().equals("carol"));
    assertEquals("They are here: https://example.com/notes", row(alice, 0).latest().text());
    int unread = listed(api("alice"), "bob").unread();
    assertTrue(unread >= 2);
    assertEquals(unread, row(alice, 0).unread(), "unread (bold) by the server's count, not counted twice");
    String now = LocalTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("HH:mm"));
    String rowName = AccessibleNames.of(alice.users(), 0);
    assertTrue(rowName.startsWith("Bob Smith, ") && rowName.contains(unread + " unread")
        && rowName.contains(": They are here"), rowName);
    assertTrue(rowName.contains(now) || rowName.matches(".*\\d\\d:\\d\\d: They.*"), rowName);

    carol.send(aliceId, "Or 12:30, if you prefer", java.util.UUID.randomUUID().toString());
    driver.waitFor("Carol moves to the top with her newest message", () -> row(alice, 0).username().equals("carol")
        && row(alice, 0).latest().text().equals("Or 12:30, if you prefer")
        && row(alice, 0).unread() == contact(alice, "carol").unread() && contact(alice, "carol").unread() >= 2);
    driver.screenshot(aliceWindow, "desktop-02-list");
  }

  @Test
  @Order(2)
  void theConversationShowsTheDayTheNewMessagesDividerGroupedBubblesAndAvatars() throws Exception {
    aliceWindow.setBounds(0, 0, 900, 800); // all of it on screen, from the day to the newest
    driver.activate(aliceWindow);
    driver.selectRow(alice, "bob");
    long bobId = contact(alice, "bob").id();
    int held = api("alice").conversation(bobId, 0, 50).size();
    driver.waitFor("Bob's history", () -> alice.shown().size() == held);
    driver.say(alice, "Yes, reading them now. Looks good!");
    driver.waitFor("mine sent", () -> alice.shown().stream().anyMatch(m -> m.text().startsWith("Yes, reading")
        && m.delivery() == Message.Delivery.SENT));
    api("bob").send(idOf(api("bob"), "alice"), "Great, see you at the stand-up", java.util.UUID.randomUUID().toString());
    driver.waitFor("Bob's answer", () -> alice.shown().size() == held + 2);
    driver.spin(300);
    List<String> separators = new ArrayList<>();
    int bubbles = 0;
    for (Control c : ((Composite) alice.conversationView().getContent()).getChildren()) {
      if (c instanceof Label l) {
        separators.add(l.getText().replace("─", "").strip());
      } else if (c instanceof MessageBubble) {
        bubbles++;
      }
    }
    assertEquals(List.of("Today", "New messages"), separators);
    assertEquals(held + 2, bubbles);
    assertEquals(0, contact(alice, "bob").unread(), "read: the window is active and the conversation on screen");
    driver.screenshot(aliceWindow, "desktop-03-conversation");
    aliceWindow.setBounds(0, 0, 900, 620);
  }

  @Test
  @Order(3)
  void aMessageToAnInactiveWindowShowsANotification() throws Exception {
    aliceWindow.setMinimized(true);
    driver.waitFor("minimised", aliceWindow::getMinimized);
    api("dave").send(idOf(api("dave"), "alice"), "Could you review my pull request before lunch?", java.util.UUID.randomUUID().toString());
    driver.waitFor("the notification", () -> DesktopDriver.controllerOf(aliceWindow).notification() != null);
    Shell popup = DesktopDriver.controllerOf(aliceWindow).notification();
    driver.spin(500);
    org.eclipse.swt.graphics.Rectangle b = popup.getBounds();
    driver.capture(new org.eclipse.swt.graphics.Rectangle(b.x - 12, b.y - 12, b.width + 24, b.height + 24),
        "desktop-04-notification");
    assertTrue(contact(alice, "dave").unread() > 0);
    aliceWindow.setMinimized(false);
  }

  @Test
  @Order(4)
  void anOfflineColleagueShowsWhenLastSeen() throws Exception {
    ChatApi erin = api("erin");
    Session socket = socket(erin);
    driver.waitFor("Erin online", () -> contact(alice, "erin").online());
    socket.close();
    driver.waitFor("Erin offline", () -> !contact(alice, "erin").online());
    driver.activate(aliceWindow);
    driver.selectRow(alice, "erin");
    driver.waitFor("the header", () -> alice.header().startsWith("Erin"));
    assertTrue(alice.header().matches("Erin .*  ·  last seen today at \\d\\d:\\d\\d"), alice.header());
  }

  @Test
  @Order(5)
  void aMessageRefusedForNowIsRetriedThenMarkedFailedAndAClickSendsItAgain() throws Exception {
    ChatApi carolApi = api("carol");
    long aliceId = idOf(carolApi, "alice");
    for (int i = 0; i < BURST - 2; i++) { // two went out in the first test: the rest of her budget
      carolApi.send(aliceId, "Budget " + i, java.util.UUID.randomUUID().toString());
    }
    Shell carolWindow = open("carol", null);
    carolWindow.setBounds(300, 100, 700, 560);
    ChatPage carol = pageOf(carolWindow);
    driver.activate(carolWindow);
    driver.selectRow(carol, "alice");
    driver.waitFor("the history", () -> carol.shown().size() >= BURST);
    driver.say(carol, "Over the limit, first");
    driver.say(carol, "Over the limit, second");
    driver.waitFor("sending…", () -> pending(carol).size() == 2
        && pending(carol).stream().allMatch(m -> m.delivery() == Message.Delivery.SENDING));
    // five refusals each, with backoff between: seconds, not minutes
    driver.waitFor("both given up", () -> pending(carol).stream().filter(Message::retriable).count() == 2, 120_000);
    assertEquals(List.of("Over the limit, first", "Over the limit, second"),
        pending(carol).stream().map(Message::text).toList(), "in the order written");
    driver.screenshot(carolWindow, "desktop-05-failed-retry");

    MessageBubble failed = bubbles(carol).stream().filter(b -> AccessibleNames.of(b, ACC.CHILDID_SELF)
        .contains("Over the limit, first")).findFirst().orElseThrow();
    assertTrue(AccessibleNames.of(failed, ACC.CHILDID_SELF).contains("failed — retry"));
    Event click = new Event();
    click.x = 2;
    click.y = 2;
    failed.notifyListeners(SWT.MouseUp, click);
    driver.waitFor("the clicked one is sent again", () -> pending(carol).stream()
        .anyMatch(m -> m.text().equals("Over the limit, first") && m.delivery() == Message.Delivery.SENDING));
    driver.waitFor("…and refused again (the limit holds)", () -> pending(carol).stream()
        .allMatch(Message::retriable), 120_000);
    assertFalse(alice.shown().stream().anyMatch(m -> m.text().startsWith("Over the limit")));
    carolWindow.dispose();
  }

  @Test
  @Order(6)
  void everyControlIsReachedByTabAndHasANameForScreenReaders() {
    driver.activate(aliceWindow);
    driver.selectRow(alice, "bob");
    alice.search().setFocus();
    Set<Control> reached = new LinkedHashSet<>();
    Control focus = display.getFocusControl();
    for (int i = 0; i < 8 && focus != null; i++) {
      reached.add(focus);
      focus.traverse(SWT.TRAVERSE_TAB_NEXT);
      driver.spin(100);
      focus = display.getFocusControl();
    }
    assertTrue(reached.contains(alice.search()), String.valueOf(reached));
    assertTrue(reached.contains(alice.users()), String.valueOf(reached));
    assertTrue(reached.contains(alice.input()), String.valueOf(reached));
    assertTrue(reached.stream().anyMatch(c -> c instanceof org.eclipse.swt.widgets.Button), String.valueOf(reached));
    for (Control c : reached) {
      String name = AccessibleNames.of(c, ACC.CHILDID_SELF);
      assertTrue(name != null && !name.isBlank(), "no accessible name: " + c);
    }
    assertEquals("Message to Bob Smith", AccessibleNames.of(alice.input(), ACC.CHILDID_SELF));
    for (MessageBubble b : bubbles(alice)) {
      assertTrue(AccessibleNames.of(b, ACC.CHILDID_SELF).contains(": "));
    }
  }

  @Test
  @Order(7)
  void theDarkThemeFollowsTheDesktop() throws Exception {
    System.setProperty("chat.theme", "dark");
    try {
      Shell dark = open("bob", null);
      dark.setBounds(100, 60, 900, 620);
      ChatPage bob = pageOf(dark);
      driver.activate(dark);
      driver.selectRow(bob, "alice");
      driver.waitFor("the conversation", () -> bob.shown().size() >= 4);
      assertTrue(bob.users().getBackground().getRed() < 0x40, "the list is dark");
      assertTrue(bob.input().getForeground().getRed() > 0xC0, "light text");
      driver.screenshot(dark, "desktop-06-dark");
      dark.dispose();
    } finally {
      System.clearProperty("chat.theme");
    }
  }

  @Test
  @Order(8)
  void whenTheServerGoesTheStatusLineSaysSo() throws Exception {
    driver.activate(aliceWindow);
    server.stop();
    driver.waitFor("not connected", () -> !alice.status().getText().contains("Connected"), 60_000);
    driver.spin(500);
    assertTrue(alice.status().getText().startsWith("Offline"), alice.status().getText());
    assertTrue(alice.statusDot().getForeground().getRed() > 0xC0
        && alice.statusDot().getForeground().getGreen() < 0x60, "a red dot: " + alice.statusDot().getForeground());
    driver.screenshot(aliceWindow, "desktop-07-offline");
  }

  private Shell open(String username, String loginScreenshot) throws Exception {
    Shell window = driver.loggedIn(server.url(), username, loginScreenshot);
    windows.add(window);
    return window;
  }

  private static List<Message> pending(ChatPage page) {
    return page.shown().stream().filter(m -> m.id() == 0).toList();
  }

  private static List<MessageBubble> bubbles(ChatPage page) {
    List<MessageBubble> all = new ArrayList<>();
    for (Control c : ((Composite) page.conversationView().getContent()).getChildren()) {
      if (c instanceof MessageBubble b) {
        all.add(b);
      }
    }
    return all;
  }

  private ChatApi api(String username) throws Exception {
    ChatApi api = new ChatApi(URI.create(server.url()));
    api.useToken(api.login(username, DesktopDriver.PASSWORD).accessToken());
    return api;
  }

  private static long idOf(ChatApi api, String username) throws Exception {
    return listed(api, username).id();
  }

  private static com.companychat.client.model.Contact listed(ChatApi api, String username) throws Exception {
    return api.users().stream().filter(c -> c.username().equals(username)).findFirst().orElseThrow();
  }

  private Session socket(ChatApi api) throws Exception {
    return DesktopDriver.socket(api, server.url());
  }

}
