package com.companychat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.client.model.Contact;
import com.companychat.client.model.Message;
import com.companychat.client.net.ChatApi;
import com.companychat.client.ui.ChatController;
import com.companychat.client.ui.ChatPage;
import com.companychat.client.ui.LoginDialog;
import com.companychat.protocol.ClientFrame;
import com.companychat.protocol.FrameCodec;
import jakarta.websocket.Session;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The desktop client in real SWT windows (under Xvfb in CI) against the real server, driven from
 * code as a person would use it. Each step leaves a screenshot in target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientIT {
  static final String PASSWORD = "demo-pass-1";

  TestServer server;
  Display display;
  Path screenshots = Screenshots.DIR;

  @BeforeAll
  void start() throws Exception {
    Files.createDirectories(screenshots);
    server = TestServer.shared();
    display = Display.getCurrent() != null ? Display.getCurrent() : new Display();
  }

  @AfterAll
  void stop() {
    if (display != null) {
      display.dispose();
    }
  }

  @Test
  @Order(0)
  void theRunnableJarStartsAndShowsTheLoginDialog() throws Exception {
    Path jar = Path.of(System.getProperty("client.jar"));
    Path log = Path.of("target", "client-jar.log");
    Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "--server", server.url())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      spin(6_000);
      assertTrue(client.isAlive(), "the client exited: " + Files.readString(log));
      String output = Files.readString(log);
      assertTrue(!output.contains("Exception") && !output.contains("cannot be loaded"), output);
      screenshotScreen("00-jar-login");
    } finally {
      client.destroy();
      client.waitFor();
    }
  }

  @Test
  @Order(1)
  void twoClientsExchangeMessagesReadReceiptsAndPresence() throws Exception {
    Shell daveWindow = loggedIn("dave", 0);
    ChatPage dave = pageOf(daveWindow);
    Shell erinWindow = loggedIn("erin", 640);
    ChatPage erin = pageOf(erinWindow);
    waitFor("Erin shown online to Dave", () -> contact(dave, "erin").online());

    selectRow(erin, "dave");
    selectRow(dave, "erin");
    activate(erinWindow); // read receipts only from a window someone looks at
    dave.input().setText("Are you there, Erin?");
    pressEnter(dave);
    waitFor("Erin receives it", () -> erin.shown().stream().anyMatch(m -> m.text().equals("Are you there, Erin?")));
    waitFor("Dave sees it read (✓✓): Erin has the conversation open", () -> dave.shown().stream()
        .anyMatch(m -> m.text().equals("Are you there, Erin?") && m.read()));
    erin.input().setText("Yes! Reading you loud and clear.\nSecond line, from Shift+Enter.");
    pressEnter(erin);
    waitFor("Dave receives the answer", () -> dave.shown().stream().anyMatch(m -> m.text().startsWith("Yes!")));
    screenshotScreen("10-two-clients");

    dave.input().setText("x".repeat(4001));
    pressEnter(dave);
    waitFor("the server's refusal shown on the bubble", () -> dave.shown().stream()
        .anyMatch(m -> m.delivery() == Message.Delivery.FAILED && m.error().contains("4000")));

    erinWindow.dispose();
    waitFor("Erin shown offline to Dave", () -> !contact(dave, "erin").online());
    daveWindow.dispose();
  }

  @Test
  @Order(2)
  void aMessageWrittenOfflineIsSentOnceEvenWhenTheAppRestartsMeanwhile() throws Exception {
    Path config = Files.createTempDirectory(Path.of("target"), "client-config");
    ChatClientApp app = new ChatClientApp(display, config);
    logInThroughDialog(app, "carol", null);
    Shell window = app.openMainWindow();
    ChatPage carol = pageOf(window);
    waitFor("connected", () -> carol.status().getText().contains("Connected"));
    waitFor("the employee list", () -> carol.users().getItemCount() == 5);
    selectRow(carol, "dave");

    server.stop();
    waitFor("the connection lost", () -> !carol.status().getText().contains("Connected"));
    carol.input().setText("Queued across a restart");
    pressEnter(carol);
    waitFor("shown as sending", () -> carol.shown().stream()
        .anyMatch(m -> m.text().equals("Queued across a restart") && m.delivery() == Message.Delivery.SENDING));
    window.dispose();

    server.start();
    ChatClientApp restarted = new ChatClientApp(display, config);
    assertTrue(restarted.resume(server.url()), "remember me: a silent login");
    Shell again = restarted.openMainWindow();
    ChatPage carolAgain = pageOf(again);
    waitFor("connected again", () -> carolAgain.status().getText().contains("Connected"), 60_000);
    ChatApi dave = login("dave");
    long carolId = dave.users().stream().filter(c -> c.username().equals("carol")).findFirst().orElseThrow().id();
    waitFor("the queued message stored", () -> {
      try {
        return dave.conversation(carolId, 0, 50).stream().anyMatch(m -> m.message().equals("Queued across a restart"));
      } catch (Exception e) {
        return false;
      }
    });
    spin(1_500);
    assertEquals(1, dave.conversation(carolId, 0, 50).stream()
        .filter(m -> m.message().equals("Queued across a restart")).count(), "exactly once");
    again.dispose();
  }

  @Test
  @Order(3)
  void aliceLogsInChatsWithBobAndRidesOutAServerRestart() throws Exception {
    Path config = Files.createTempDirectory(Path.of("target"), "client-config");
    ChatClientApp app = new ChatClientApp(display, config);
    logInThroughDialog(app, "alice", "01-login");
    assertTrue(Files.exists(config.resolve("session.json")), "remember me keeps the refresh token");

    Shell shell = app.openMainWindow();
    ChatPage page = ((ChatController) shell.getData(ChatController.class.getName())).page();
    waitFor("the employee list", () -> page.users().getItemCount() == 5);
    waitFor("connected", () -> page.status().getText().contains("Connected"));
    screenshot(shell, "02-main");

    page.search().setText("car");
    waitFor("the search filter", () -> page.users().getItemCount() == 1);
    assertEquals("carol", contactAt(page, 0).username());
    screenshot(shell, "03-search");
    page.search().setText("");

    ChatApi bob = login("bob");
    long aliceId = bobsView(bob);
    selectRow(page, "bob");
    waitFor("the conversation with the demo messages", () -> page.shown().size() >= 3);
    screenshot(shell, "04-conversation");

    page.input().setText("Hello from the desktop!");
    pressEnter(page);
    waitFor("my message acknowledged", () -> page.shown().stream()
        .anyMatch(m -> m.text().equals("Hello from the desktop!") && m.delivery() == Message.Delivery.SENT));
    assertEquals("", page.input().getText());
    assertTrue(bob.conversation(aliceId, 0, 50).stream().anyMatch(m -> m.message().equals("Hello from the desktop!")));

    bob.send(aliceId, "Got it — lunch at noon?", "bob-1");
    waitFor("Bob's answer", () -> page.shown().stream().anyMatch(m -> m.text().startsWith("Got it")));
    screenshot(shell, "05-received");

    try (Session bobSocket = socket(bob)) {
      bobSocket.getBasicRemote().sendText(FrameCodec.encode(new ClientFrame.Typing(aliceId, true)));
      waitFor("the typing indicator", () -> page.typingLabel().getText().contains("is typing"));
      screenshot(shell, "06-typing");
    }

    ChatApi carol = login("carol");
    carol.send(aliceId, "Can you review my slides?", "carol-1");
    waitFor("Carol's unread badge", () -> contact(page, "carol").unread() == 1);
    assertTrue(shell.getText().contains("1 unread"), shell.getText());
    assertEquals("carol", contactAt(page, 0).username(), "the newest conversation comes first");
    screenshot(shell, "07-unread");

    server.stop();
    waitFor("the reconnecting status", () -> page.status().getText().contains("Reconnecting")
        || page.status().getText().contains("REST") || page.status().getText().contains("Offline"));
    page.input().setText("Written while the server was down");
    pressEnter(page);
    spin(500);
    screenshot(shell, "08-server-down");
    server.start();
    waitFor("connected again", () -> page.status().getText().contains("Connected"), 120_000);
    waitFor("the queued message sent", () -> page.shown().stream()
        .anyMatch(m -> m.text().startsWith("Written while") && m.delivery() == Message.Delivery.SENT), 30_000);
    // Bob's token of before the outage has expired meanwhile (20 s in these tests): log in again.
    long copies = login("bob").conversation(aliceId, 0, 200).stream()
        .filter(m -> m.message().equals("Written while the server was down")).count();
    assertEquals(1, copies, "queued while offline, delivered exactly once");
    screenshot(shell, "09-reconnected");

    // Well past the access token's lifetime: the client refreshed it and REST still answers.
    selectRow(page, "carol");
    waitFor("Carol's conversation over REST with a refreshed token",
        () -> page.shown().stream().anyMatch(m -> m.text().equals("Can you review my slides?")));
    shell.dispose();
  }

  @Test
  @Order(4)
  void olderHistoryLoadsWhenScrollingToTheTop() throws Exception {
    ChatApi bob = login("bob");
    long erinId = bob.users().stream().filter(c -> c.username().equals("erin")).findFirst().orElseThrow().id();
    for (int i = 0; i < 60; i++) {
      sendPaced(bob, erinId, "history " + i);
    }
    Shell window = loggedIn("erin", 0);
    ChatPage erin = pageOf(window);
    selectRow(erin, "bob");
    waitFor("the newest page", () -> erin.shown().size() == 50);
    assertEquals("history 59", erin.shown().get(49).text(), "scrolled to the newest");
    var bar = erin.conversationView().getVerticalBar();
    bar.setSelection(0);
    bar.notifyListeners(SWT.Selection, new Event());
    waitFor("the older messages", () -> erin.shown().size() == 60);
    assertEquals("history 0", erin.shown().get(0).text());
    screenshot(window, "11-history");
    window.dispose();
  }

  @Test
  @Order(5)
  void aliceAndBobKeepOneConversationThroughAConnectionCutAndAServerRestart() throws Exception {
    try (CuttableProxy proxy = new CuttableProxy(java.net.URI.create(server.url()).getPort())) {
      Shell aliceWindow = loggedIn("alice", 0, proxy.url());
      Shell bobWindow = loggedIn("bob", 640, proxy.url());
      ChatPage alice = pageOf(aliceWindow);
      ChatPage bob = pageOf(bobWindow);
      selectRow(alice, "bob");
      selectRow(bob, "alice");
      say(alice, "A1 before the cut");
      say(bob, "B1 before the cut");
      waitFor("both see the first two", () -> count(alice, "before the cut") == 2 && count(bob, "before the cut") == 2);

      proxy.cut();
      say(alice, "A2 around the cut");
      say(bob, "B2 around the cut");
      waitFor("both see the cut's two", () -> count(alice, "around the cut") == 2 && count(bob, "around the cut") == 2,
          60_000);

      server.stop();
      waitFor("both offline", () -> !alice.status().getText().contains("Connected")
          && !bob.status().getText().contains("Connected"));
      screenshot(aliceWindow, "12-offline");
      say(alice, "A3 while the server is down");
      say(bob, "B3 while the server is down");
      server.start();
      waitFor("both see all six, none pending", () -> sentAll(alice, 6) && sentAll(bob, 6), 120_000);
      spin(1_500);
      List<String> aliceSees = texts(alice);
      assertEquals(aliceSees, texts(bob), "one conversation, in the same order");
      assertEquals(6, aliceSees.stream().filter(t -> t.matches("[AB][123] .*")).distinct().count(), "" + aliceSees);
      assertEquals(aliceSees.size(), aliceSees.stream().distinct().count(), "nothing twice: " + aliceSees);
      long bobId = idOf(alice, "bob");
      assertEquals(6, login("alice").conversation(bobId, 0, 200).stream()
          .filter(m -> m.message().matches("[AB][123] .*")).count(), "stored once each");
      aliceWindow.dispose();
      bobWindow.dispose();
    }
  }

  private void say(ChatPage page, String text) {
    page.input().setText(text);
    pressEnter(page);
  }

  private static long count(ChatPage page, String part) {
    return page.shown().stream().filter(m -> m.text().contains(part)).count();
  }

  private static boolean sentAll(ChatPage page, int n) {
    return page.shown().stream().filter(m -> m.text().matches("[AB][123] .*") && m.id() > 0).count() == n
        && page.shown().stream().noneMatch(m -> m.delivery() != Message.Delivery.SENT && m.id() == 0);
  }

  private static List<String> texts(ChatPage page) {
    return page.shown().stream().filter(m -> m.text().matches("[AB][123] .*")).map(Message::text).toList();
  }

  private void activate(Shell window) {
    window.forceActive();
    window.setActive();
    waitFor("the window active", () -> display.getActiveShell() == window);
  }

  /** Sends as a polite client: on rate_limited it waits and tries again. */
  private static void sendPaced(ChatApi api, long to, String text) throws Exception {
    String clientMsgId = java.util.UUID.randomUUID().toString();
    while (true) {
      try {
        api.send(to, text, clientMsgId);
        return;
      } catch (com.companychat.client.net.ApiException e) {
        if (e.status() != 429) {
          throw e;
        }
        Thread.sleep(1_000);
      }
    }
  }

  /** A client window of that user, logged in through the dialog, at {@code x} on the screen. */
  private Shell loggedIn(String username, int x) throws Exception {
    return loggedIn(username, x, server.url());
  }

  private Shell loggedIn(String username, int x, String url) throws Exception {
    ChatClientApp app = new ChatClientApp(display, Files.createTempDirectory(Path.of("target"), "client-config"));
    logInThroughDialog(app, username, null, url);
    Shell window = app.openMainWindow();
    window.setBounds(x, 0, 636, 600);
    ChatPage page = pageOf(window);
    waitFor(username + "'s list", () -> page.users().getItemCount() == 5);
    waitFor(username + " connected", () -> page.status().getText().contains("Connected"));
    return window;
  }

  /** Logs in through the dialog as a person would; photographs it first when a name is given. */
  private void logInThroughDialog(ChatClientApp app, String username, String screenshot) {
    logInThroughDialog(app, username, screenshot, server.url());
  }

  private void logInThroughDialog(ChatClientApp app, String username, String screenshot, String url) {
    LoginDialog login = app.loginDialog(url);
    login.shell().open();
    if (screenshot != null) {
      screenshot(login.shell(), screenshot);
    }
    login.submitWith(username, PASSWORD);
    waitFor("the login of " + username, () -> login.shell().isDisposed());
  }

  private static ChatPage pageOf(Shell window) {
    return ((ChatController) window.getData(ChatController.class.getName())).page();
  }

  private void screenshotScreen(String name) {
    capture(display.getBounds(), name);
  }

  private ChatApi login(String username) throws Exception {
    ChatApi api = new ChatApi(URI.create(server.url()));
    api.useToken(api.login(username, PASSWORD).accessToken());
    return api;
  }

  /** Alice's id, as Bob's directory lists her. */
  private static long bobsView(ChatApi bob) throws Exception {
    return bob.users().stream().filter(c -> c.username().equals("alice")).findFirst().orElseThrow().id();
  }

  private Session socket(ChatApi api) throws Exception {
    return DesktopDriver.socket(api, server.url());
  }


  private static Contact contactAt(ChatPage page, int row) {
    return (Contact) page.users().getItem(row).getData();
  }

  private static Contact contact(ChatPage page, String username) {
    for (TableItem item : page.users().getItems()) {
      if (((Contact) item.getData()).username().equals(username)) {
        return (Contact) item.getData();
      }
    }
    throw new AssertionError(username + " is not listed");
  }

  private static long idOf(ChatPage page, String username) {
    return contact(page, username).id();
  }

  private void selectRow(ChatPage page, String username) {
    for (TableItem item : page.users().getItems()) {
      if (((Contact) item.getData()).username().equals(username)) {
        page.users().setSelection(item);
        page.users().notifyListeners(SWT.Selection, new Event());
        return;
      }
    }
  }

  private void pressEnter(ChatPage page) {
    Event enter = new Event();
    enter.keyCode = SWT.CR;
    enter.character = '\r';
    page.input().notifyListeners(SWT.KeyDown, enter);
  }

  private void waitFor(String what, BooleanSupplier condition) {
    waitFor(what, condition, 20_000);
  }

  private void waitFor(String what, BooleanSupplier condition, long ms) {
    long deadline = System.currentTimeMillis() + ms;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        Shell active = display.getShells().length > 0 ? display.getShells()[0] : null;
        if (active != null && !active.isDisposed()) {
          screenshot(active, "timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
        }
        throw new AssertionError("timed out waiting for " + what);
      }
      if (!display.readAndDispatch()) {
        display.timerExec(50, () -> { });
        display.sleep();
      }
    }
  }

  private void spin(long ms) {
    long deadline = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < deadline) {
      if (!display.readAndDispatch()) {
        display.timerExec(20, () -> { });
        display.sleep();
      }
    }
  }

  private void screenshot(Shell shell, String name) {
    spin(400);
    Screenshots.window(shell, name);
  }

  private void capture(Rectangle area, String name) {
    spin(400);
    Screenshots.capture(display, area, name);
  }


}
