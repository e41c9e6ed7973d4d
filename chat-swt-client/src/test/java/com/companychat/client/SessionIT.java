package com.companychat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.client.net.ApiException;
import com.companychat.client.net.ChatApi;
import com.companychat.client.net.ChatManager;
import com.companychat.client.ui.ChatController;
import com.companychat.client.ui.ChatPage;
import com.companychat.client.ui.LoginDialog;
import com.companychat.client.ui.NewPasswordDialog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * CONTRACT §6.7 in the desktop client, against the real server: the whole app runs ({@code run},
 * its dialogs and main window) on the display thread, and a driver thread uses it through its
 * widgets as a person would. The server's access tokens live {@value TestServer#ACCESS_TOKEN_SECONDS} s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionIT {
  private static final String LOGIN_TITLE = "Company Chat — Log in";
  private static final String NEW_PASSWORD_TITLE = "Company Chat — Choose a new password";
  private static final long BOUND_MS = 90_000; // for a broken build, never a speed check

  TestServer server;
  Display display;

  @BeforeAll
  void start() throws Exception {
    Files.createDirectories(Screenshots.DIR);
    server = TestServer.shared();
    display = Display.getCurrent() != null ? Display.getCurrent() : new Display();
  }

  @AfterAll
  void stop() {
    display.dispose();
  }

  @Test
  void theSocketOutlivesItsFirstTokensAndASessionEndedElsewhereAsksForTheLoginWithoutReconnecting() throws Exception {
    ChatClientApp app = new ChatClientApp(display, Files.createTempDirectory(Path.of("target"), "client-config"));
    drive(app, () -> {
      logIn("dave", ClientIT.PASSWORD);
      Shell window = mainWindow();
      ChatManager connection = ui(() -> controllerOf(window).connection());
      // Without the auth frames the server closes the socket 20 s after it opened (4401) and the
      // client opens a new one; four tokens in a row span three refreshes, 30 s.
      Set<String> tokens = new HashSet<>();
      waitFor("three refreshes", () -> {
        tokens.add(app.api().token());
        return tokens.size() >= 4;
      });
      assertTrue(ui(connection::isSocketOpen), "the socket lives on");
      assertTrue(ui(() -> pageOf(window).status().getText().contains("Connected")));
      assertEquals(1, connection.connectAttempts(), "one socket for all tokens: each refresh extended it");
      screenshot(window, "30-socket-through-refreshes");

      ChatApi sameSession = new ChatApi(URI.create(server.url()));
      sameSession.useToken(ui(() -> app.api().token()));
      sameSession.logout(); // as if from another window of that login: the session ends
      Shell login = shell(LOGIN_TITLE);
      LoginDialog again = (LoginDialog) ui(() -> login.getData(LoginDialog.class.getName()));
      assertEquals("dave", ui(() -> again.username().getText()), "the username filled in");
      assertTrue(window.isDisposed());
      assertEquals(1, connection.connectAttempts(), "no socket asked for with the ended session");
      screenshot(login, "31-session-ended-login");
      ui(() -> {
        login.close();
        return null;
      });
    });
  }

  @Test
  void anAdminsResetAsksForANewPasswordNamingWhoResetItAndTheOneTimePasswordIsSpentAfter() throws Exception {
    String oneTime = "one-time-pass-1";
    String own = "bobs-own-pass-1";
    ChatApi admin = logInApi("acme-admin", ClientIT.PASSWORD);
    long bobId = admin.users().stream().filter(c -> c.username().equals("bob")).findFirst().orElseThrow().id();
    assertEquals(200, call("PATCH", "api/admin/users/" + bobId, admin.token(), "{\"password\":\"" + oneTime + "\"}"));
    ChatClientApp app = new ChatClientApp(display, Files.createTempDirectory(Path.of("target"), "client-config"));
    try {
      drive(app, () -> {
        logIn("bob", oneTime);
        Shell shell = shell(NEW_PASSWORD_TITLE);
        NewPasswordDialog dialog = (NewPasswordDialog) ui(() -> shell.getData(NewPasswordDialog.class.getName()));
        String today = DateTimeFormatter.ofPattern("d\u00a0MMM\u00a0yyyy", Locale.ENGLISH).format(LocalDate.now(ZoneId.systemDefault()));
        String notice = ui(dialog::notice);
        assertTrue(notice.matches("Your password was reset by acme-admin on " + today + ",\u00a0\\d\\d:\\d\\d\\."), notice);
        screenshot(shell, "32-new-password");

        ui(() -> {
          dialog.submitWith(own, own + "x");
          return null;
        });
        screenshot(shell, "33-new-password-differ");
        assertFalse(shell.isDisposed(), "two different entries are not sent");

        ui(() -> {
          dialog.submitWith(own, own);
          return null;
        });
        Shell window = mainWindow();
        waitFor("bob's list", () -> pageOf(window).users().getItemCount() == 5);
        screenshot(window, "34-main-after-new-password");
        ui(() -> {
          window.close();
          return null;
        });
      });
      ApiException spent = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
          () -> new ChatApi(URI.create(server.url())).login("bob", oneTime));
      assertEquals(401, spent.status(), "the one-time password no longer works");
      ChatApi.Session next = new ChatApi(URI.create(server.url())).login("bob", own);
      assertFalse(next.passwordChangeRequired());
      assertEquals(null, next.passwordResetBy());
    } finally {
      // The other tests know bob by the demo password.
      ChatApi bob = new ChatApi(URI.create(server.url()));
      bob.useToken(bob.login("bob", own).accessToken());
      assertEquals(204, call("POST", "api/auth/password", bob.token(),
          "{\"current_password\":\"" + own + "\",\"new_password\":\"" + ClientIT.PASSWORD + "\"}"));
    }
  }

  // ---- the driver: the app runs on the display thread (this one), the steps on another

  private interface Steps {
    void run() throws Exception;
  }

  /** Runs the app until it ends, while {@code steps} use it; a failed step closes every window. */
  private void drive(ChatClientApp app, Steps steps) throws Exception {
    AtomicReference<Throwable> failed = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    Thread driver = new Thread(() -> {
      try {
        steps.run();
      } catch (Throwable t) {
        failed.set(t);
        while (!ended.get() && !display.isDisposed()) { // the app may open its next window meanwhile
          display.asyncExec(() -> {
            for (Shell s : display.getShells()) {
              s.dispose();
            }
          });
          sleepQuietly(500);
        }
      }
    }, "test-driver");
    driver.start();
    try {
      app.run(server.url());
    } finally {
      ended.set(true);
    }
    driver.join(BOUND_MS);
    if (failed.get() instanceof Exception e) {
      throw e;
    } else if (failed.get() != null) {
      throw (Error) failed.get();
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void logIn(String username, String password) throws Exception {
    Shell shell = shell(LOGIN_TITLE);
    LoginDialog dialog = (LoginDialog) ui(() -> shell.getData(LoginDialog.class.getName()));
    ui(() -> {
      dialog.submitWith(username, password);
      return null;
    });
    waitFor("the login of " + username, shell::isDisposed);
  }

  private Shell mainWindow() throws Exception {
    Shell window = shell("Company Chat");
    waitFor("connected", () -> pageOf(window).status().getText().contains("Connected"));
    return window;
  }

  /** The open window whose title starts with {@code title}, once there is one. */
  private Shell shell(String title) throws Exception {
    AtomicReference<Shell> found = new AtomicReference<>();
    waitFor("the window " + title, () -> {
      for (Shell s : display.getShells()) {
        if (!s.isDisposed() && s.isVisible() && s.getText().startsWith(title)
            && (!title.equals("Company Chat") || s.getData(ChatController.class.getName()) != null)) {
          found.set(s);
          return true;
        }
      }
      return false;
    });
    return found.get();
  }

  private static ChatController controllerOf(Shell window) {
    return (ChatController) window.getData(ChatController.class.getName());
  }

  private static ChatPage pageOf(Shell window) {
    return controllerOf(window).page();
  }

  private <T> T ui(Supplier<T> onDisplay) {
    AtomicReference<T> result = new AtomicReference<>();
    display.syncExec(() -> result.set(onDisplay.get()));
    return result.get();
  }

  /** Polls {@code condition} on the display thread until it holds. */
  private void waitFor(String what, Supplier<Boolean> condition) throws InterruptedException {
    long end = System.currentTimeMillis() + BOUND_MS;
    while (!ui(condition)) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private void screenshot(Shell shell, String name) throws InterruptedException {
    Thread.sleep(500); // let it paint
    ui(() -> {
      Screenshots.capture(display, shell.getBounds(), name);
      return null;
    });
  }

  private ChatApi logInApi(String username, String password) throws Exception {
    ChatApi api = new ChatApi(URI.create(server.url()));
    api.useToken(api.login(username, password).accessToken());
    return api;
  }

  /** A REST call the client does not make itself; returns the status. */
  private int call(String method, String path, String token, String json) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/" + path))
        .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build();
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
