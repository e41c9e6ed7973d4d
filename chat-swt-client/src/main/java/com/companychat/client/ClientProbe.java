package com.companychat.client;

import com.companychat.client.model.Contact;
import com.companychat.client.ui.ChatController;
import com.companychat.client.ui.ChatPage;
import com.companychat.client.ui.LoginDialog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;

/**
 * The real client driven through its widgets for {@code chat-bench}'s {@code client} scenario,
 * started by {@code bin/chat-client} with {@code CHAT_CLIENT_MAIN} set to this class (so with the
 * launcher's JVM settings). Talks over stdin/stdout, one line each:
 * <ul>
 * <li>out {@code login-window}: the login dialog is drawn (the bench times it from outside);</li>
 * <li>in {@code login USER PASSWORD}: typed into the dialog; out {@code connected} once the
 * main window is connected;</li>
 * <li>in {@code open-all N}: waits (at most 2 min) until N messages are unread, then clicks each
 * row of the list once and waits for its history; out {@code opened ROWS UNREAD};</li>
 * <li>in {@code quit}: closes the window; out {@code bye}.</li>
 * </ul>
 * Its config directory is a fresh temporary one: nothing remembered, nothing left behind but that.
 */
public final class ClientProbe {
  private final Display display;
  private final String server;
  private Shell window;

  private ClientProbe(Display display, String server) {
    this.display = display;
    this.server = server;
  }

  public static void main(String[] args) throws Exception {
    String server = args.length > 1 && args[0].equals("--server") ? args[1] : "http://localhost:8080";
    Display.setAppName("Company Chat");
    Display display = new Display();
    try {
      new ClientProbe(display, server).run();
    } finally {
      display.dispose();
    }
  }

  private void run() throws Exception {
    ChatClientApp app = new ChatClientApp(display, Files.createTempDirectory("chat-client-probe"));
    LoginDialog login = app.loginDialog(server);
    login.shell().open();
    waitFor(() -> !display.readAndDispatch(), 5_000); // drawn: nothing left to dispatch
    say("login-window");
    BlockingQueue<String> commands = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      try {
        for (String line; (line = in.readLine()) != null; ) {
          commands.add(line.strip());
          display.wake();
        }
      } catch (IOException e) {
        // stdin gone: quit below
      }
      commands.add("quit");
      display.wake();
    }, "probe-stdin");
    reader.setDaemon(true);
    reader.start();
    while (true) { // the display thread keeps dispatching (socket frames) between commands
      String command = commands.poll();
      if (command == null) {
        if (!display.readAndDispatch()) {
          display.sleep();
        }
      } else if (!handle(command.split(" "), login, app)) {
        return;
      }
    }
  }

  /** @return whether to go on */
  private boolean handle(String[] words, LoginDialog login, ChatClientApp app) {
    switch (words[0]) {
      case "login" -> {
        login.submitWith(words[1], words[2]);
        waitFor(() -> login.shell().isDisposed(), 60_000);
        window = app.openMainWindow();
        ChatPage page = page();
        waitFor(() -> page.status().getText().contains("Connected") && page.users().getItemCount() > 0, 60_000);
        say("connected");
      }
      case "open-all" -> {
        ChatPage page = page();
        int expected = Integer.parseInt(words[1]);
        waitFor(() -> page.totalUnread() >= expected, 120_000);
        int unread = page.totalUnread();
        say("opened " + openEach(page) + " " + unread);
      }
      case "quit" -> {
        if (window != null) {
          window.dispose();
        } else {
          login.shell().dispose();
        }
        spin(200);
        say("bye");
        return false;
      }
      default -> say("unknown " + words[0]);
    }
    return true;
  }

  /** Clicks every row once, as a person would, and waits until that conversation shows its history. */
  private int openEach(ChatPage page) {
    List<Long> peers = new ArrayList<>();
    for (TableItem item : page.users().getItems()) {
      peers.add(((Contact) item.getData()).id());
    }
    for (long peer : peers) {
      for (TableItem item : page.users().getItems()) {
        if (((Contact) item.getData()).id() == peer) {
          page.users().setSelection(item);
          page.users().notifyListeners(SWT.Selection, new Event());
          break; // the list is redrawn: its items are new ones
        }
      }
      waitFor(() -> !page.shown().isEmpty(), 10_000);
      spin(50);
    }
    return peers.size();
  }

  private ChatPage page() {
    return ((ChatController) window.getData(ChatController.class.getName())).page();
  }

  /** Dispatches events until the condition holds or the time is up (the report says what came of it). */
  private void waitFor(BooleanSupplier condition, long ms) {
    long deadline = System.currentTimeMillis() + ms;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
      if (!display.readAndDispatch()) {
        display.timerExec(20, () -> { });
        display.sleep();
      }
    }
  }

  private void spin(long ms) {
    long deadline = System.currentTimeMillis() + ms;
    waitFor(() -> System.currentTimeMillis() >= deadline, ms);
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
