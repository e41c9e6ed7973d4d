package com.companychat.client;

import com.companychat.client.model.Contact;
import com.companychat.client.ui.ChatController;
import com.companychat.client.ui.ChatPage;
import com.companychat.client.ui.LoginDialog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;

/**
 * Drives client windows as a person would (log in through the dialog, click a row, press Enter),
 * waits on the display thread, and photographs windows into target/screenshots/.
 */
final class DesktopDriver {
  static final String PASSWORD = "demo-pass-1";

  final Display display;

  DesktopDriver(Display display) {
    this.display = display;
  }

  /** A main window of {@code username} on {@code url}, logged in through the dialog (photographed when named). */
  Shell loggedIn(String url, String username, String loginScreenshot) throws Exception {
    ChatClientApp app = new ChatClientApp(display, Files.createTempDirectory(Path.of("target"), "client-config"));
    LoginDialog login = app.loginDialog(url);
    login.shell().open();
    if (loginScreenshot != null) {
      screenshot(login.shell(), loginScreenshot);
    }
    login.submitWith(username, PASSWORD);
    waitFor("the login of " + username, () -> login.shell().isDisposed());
    Shell window = app.openMainWindow();
    ChatPage page = pageOf(window);
    waitFor(username + "'s list", () -> page.users().getItemCount() > 0);
    waitFor(username + " connected", () -> page.status().getText().contains("Connected"));
    return window;
  }

  static ChatPage pageOf(Shell window) {
    return controllerOf(window).page();
  }

  static ChatController controllerOf(Shell window) {
    return (ChatController) window.getData(ChatController.class.getName());
  }

  static Contact contact(ChatPage page, String username) {
    for (TableItem item : page.users().getItems()) {
      if (((Contact) item.getData()).username().equals(username)) {
        return (Contact) item.getData();
      }
    }
    throw new AssertionError(username + " is not listed");
  }

  static Contact row(ChatPage page, int index) {
    return (Contact) page.users().getItem(index).getData();
  }

  void selectRow(ChatPage page, String username) {
    for (TableItem item : page.users().getItems()) {
      if (((Contact) item.getData()).username().equals(username)) {
        page.users().setSelection(item);
        page.users().notifyListeners(SWT.Selection, new Event());
        return;
      }
    }
    throw new AssertionError(username + " is not listed");
  }

  void say(ChatPage page, String text) {
    page.input().setText(text);
    Event enter = new Event();
    enter.keyCode = SWT.CR;
    enter.character = '\r';
    page.input().notifyListeners(SWT.KeyDown, enter);
  }

  void activate(Shell window) {
    window.forceActive();
    window.setActive();
    waitFor("the window active", () -> display.getActiveShell() == window);
  }

  void waitFor(String what, BooleanSupplier condition) {
    waitFor(what, condition, 20_000);
  }

  void waitFor(String what, BooleanSupplier condition, long ms) {
    long deadline = System.currentTimeMillis() + ms;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        Shell[] shells = display.getShells();
        if (shells.length > 0 && !shells[0].isDisposed()) {
          screenshot(shells[0], "timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
        }
        throw new AssertionError("timed out waiting for " + what);
      }
      if (!display.readAndDispatch()) {
        display.timerExec(50, () -> { });
        display.sleep();
      }
    }
  }

  void spin(long ms) {
    long deadline = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < deadline) {
      if (!display.readAndDispatch()) {
        display.timerExec(20, () -> { });
        display.sleep();
      }
    }
  }

  void screenshot(Shell shell, String name) {
    spin(400);
    Screenshots.window(shell, name);
  }

  /** Saves what the screen shows in {@code area} as target/screenshots/NAME.png. */
  void capture(Rectangle area, String name) {
    spin(400);
    Screenshots.capture(display, area, name);
  }

  /** A bare socket of that user (a colleague who comes online and goes again). */
  static jakarta.websocket.Session socket(com.companychat.client.net.ChatApi api, String url) throws Exception {
    jakarta.websocket.ClientEndpointConfig config = jakarta.websocket.ClientEndpointConfig.Builder.create()
        .configurator(new jakarta.websocket.ClientEndpointConfig.Configurator() {
          @Override
          public void beforeRequest(java.util.Map<String, java.util.List<String>> headers) {
            headers.put("Authorization", java.util.List.of("Bearer " + api.token()));
          }
        }).build();
    return org.glassfish.tyrus.client.ClientManager.createClient().connectToServer(new jakarta.websocket.Endpoint() {
      @Override
      public void onOpen(jakarta.websocket.Session session, jakarta.websocket.EndpointConfig c) {}
    }, config, java.net.URI.create(url.replace("http", "ws") + "/ws/chat/"));
  }
}
