package com.companychat.client;

import com.companychat.client.model.ClientSettings;
import com.companychat.client.model.Outbox;
import com.companychat.client.net.ApiException;
import com.companychat.client.net.ChatApi;
import com.companychat.client.net.TokenStore;
import com.companychat.client.ui.ChatController;
import com.companychat.client.ui.LoginDialog;
import com.companychat.client.ui.NewPasswordDialog;
import com.companychat.client.ui.Theme;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Shell;

/**
 * Company Chat for the desktop: {@code java -jar chat-client.jar --server URL}. Logs in
 * silently with a remembered refresh token, else shows the login dialog; after a login with a
 * password an administrator set, the user chooses their own first. Wiring only.
 */
public final class ChatClientApp {
  private final Display display;
  private final Path configDir;
  private final TokenStore tokens;
  private ChatApi api;
  private ChatApi.Session session;
  private boolean loggedOut;
  /** The session could not be renewed: whose, to ask them to log in again. */
  private String expired;

  ChatClientApp(Display display, Path configDir) {
    this.display = display;
    this.configDir = configDir;
    this.tokens = new TokenStore(configDir);
  }

  public static void main(String[] args) {
    String server = "http://localhost:8080";
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--server")) {
        server = args[i + 1];
      }
    }
    Display.setAppName("Company Chat");
    Display display = new Display();
    try {
      new ChatClientApp(display, TokenStore.defaultConfigDir()).run(server);
    } finally {
      display.dispose();
    }
  }

  /** Until quit: a silent login at first only, else the dialog (again after a logout or an expired session). */
  void run(String server) {
    boolean first = true;
    do {
      String again = expired;
      loggedOut = false;
      expired = null;
      if (!(first && silentLogin(server)) && !loginDialog(server, again).open()) {
        return;
      }
      first = false;
      if (session.passwordChangeRequired() && !newPasswordDialog().open()) {
        if (expired == null) { // given up: that session may do nothing else
          Logout.perform(api, tokens);
          loggedOut = true;
        }
        continue;
      }
      mainWindow();
    } while (loggedOut || expired != null);
  }

  /** The dialog; after an expired session with the username filled in. */
  LoginDialog loginDialog(String server, String expiredUser) {
    LoginDialog dialog = new LoginDialog(display, server, this::login);
    return expiredUser == null ? dialog
        : dialog.again(expiredUser, "Your session has ended. Please log in again; unsent messages are kept.");
  }

  /**
   * The one-time password's session may only choose a new one (CONTRACT §6.7). It goes on
   * afterwards; should it end meanwhile, the login dialog is shown again.
   */
  NewPasswordDialog newPasswordDialog() {
    String notice = PasswordReset.notice(session, ZoneId.systemDefault()).orElse(null);
    NewPasswordDialog[] dialog = new NewPasswordDialog[1];
    dialog[0] = new NewPasswordDialog(display, notice, newPassword -> choosePassword(newPassword, dialog[0]));
    return dialog[0];
  }

  /** The dialog's attempt, off the display thread: null when the password is changed, else what to show. */
  private String choosePassword(String newPassword, NewPasswordDialog dialog) {
    try {
      try {
        api.changePassword(newPassword);
      } catch (ApiException e) {
        if (e.status() != 401) {
          throw e;
        }
        renew(); // the access token expired while the user was typing
        api.changePassword(newPassword);
      }
      session = new ChatApi.Session(session.accessToken(), session.expiresIn(), session.refreshToken(),
          session.userId(), session.username(), session.displayName());
      return null;
    } catch (ApiException e) {
      if (e.status() == 401) {
        expired = session.username();
        display.asyncExec(() -> dialog.shell().dispose());
      }
      return e.getMessage();
    }
  }

  private void renew() throws ApiException {
    session = api.refresh(session.refreshToken());
    api.useToken(session.accessToken());
    String base = api.base().toString();
    if (tokens.load().isPresent()) {
      try {
        tokens.save(new TokenStore.Remembered(base.substring(0, base.length() - 1), session.username(),
            session.refreshToken()));
      } catch (IOException e) {
        // not remembered: the next start asks for the login
      }
    }
  }

  private boolean silentLogin(String server) {
    Optional<TokenStore.Remembered> remembered = tokens.load().filter(r -> r.server().equals(server));
    if (remembered.isEmpty()) {
      return false;
    }
    try {
      api = new ChatApi(URI.create(server));
      session = api.refresh(remembered.get().refreshToken());
      api.useToken(session.accessToken());
      tokens.save(new TokenStore.Remembered(server, session.username(), session.refreshToken()));
      return true;
    } catch (ApiException | IOException e) {
      return false;
    }
  }

  /** The dialog's attempt: null when logged in, else what to show. */
  private String login(String server, String username, String password, boolean remember) {
    try {
      api = new ChatApi(URI.create(server));
      session = api.login(username, password);
      api.useToken(session.accessToken());
      if (remember) {
        tokens.save(new TokenStore.Remembered(server, session.username(), session.refreshToken()));
      } else {
        tokens.forget();
      }
      return null;
    } catch (ApiException e) {
      return e.getMessage();
    } catch (IllegalArgumentException e) {
      return "That is not a server address";
    } catch (IOException e) {
      return "Logged in, but the login could not be remembered: " + e.getMessage();
    }
  }

  private void mainWindow() {
    Shell shell = openMainWindow();
    while (!shell.isDisposed()) {
      if (!display.readAndDispatch()) {
        display.sleep();
      }
    }
  }

  /** The main window of the logged-in user, opened and connecting; everything it owns goes with it. */
  Shell openMainWindow() {
    Shell shell = new Shell(display);
    shell.setText("Company Chat");
    shell.setSize(980, 660);
    Theme theme = Theme.forDesktop(display);
    Outbox outbox = new Outbox(configDir.resolve("outbox-" + session.userId() + ".jsonl"));
    ChatController controller = new ChatController(shell, theme, api, session.userId(), outbox);
    TokenRefresher refresher = new TokenRefresher(api, session, tokens, api.base().toString());
    controller.onUnauthorized(refresher::refreshNow);
    refresher.onRefreshed(controller.connection()::tokenRefreshed);
    controller.connection().onClosedForSession(refresher::renewNow);
    refresher.onExpired(username -> display.asyncExec(() -> {
      if (!shell.isDisposed()) {
        expired = username;
        shell.dispose(); // the outbox stays on disk and is sent after the next login
      }
    }));
    shell.addDisposeListener(e -> {
      controller.close();
      refresher.stop();
      theme.dispose();
    });
    shell.setData(ChatController.class.getName(), controller);
    ClientSettings settings = new ClientSettings(configDir.resolve("settings.properties"));
    controller.settings(settings);
    settings.windowBounds().ifPresent(b -> shell.setBounds(b[0], b[1], b[2], b[3]));
    shell.addListener(SWT.Dispose, e -> {
      var b = shell.getBounds();
      settings.windowBounds(b.x, b.y, b.width, b.height);
    });
    menu(shell);
    SettingsMenu.add(shell.getMenuBar(), settings);
    controller.start();
    refresher.start();
    shell.open();
    if (!session.passwordChangeRequired()) {
      PasswordReset.notice(session, ZoneId.systemDefault()).ifPresent(notice -> display.asyncExec(() -> {
        if (!shell.isDisposed()) {
          MessageBox box = new MessageBox(shell, SWT.ICON_INFORMATION | SWT.OK);
          box.setText("Company Chat");
          box.setMessage(notice);
          box.open();
        }
      }));
    }
    return shell;
  }

  /** For tests and automation: the silent login with the remembered refresh token. */
  boolean resume(String server) {
    return silentLogin(server);
  }

  /** For tests: the connection to the server of the current session. */
  ChatApi api() {
    return api;
  }

  /** For tests and automation: the dialog's login, as if typed. */
  LoginDialog loginDialog(String server) {
    return loginDialog(server, null);
  }

  private void menu(Shell shell) {
    Menu bar = new Menu(shell, SWT.BAR);
    shell.setMenuBar(bar);
    MenuItem chat = new MenuItem(bar, SWT.CASCADE);
    chat.setText("&Chat");
    Menu menu = new Menu(shell, SWT.DROP_DOWN);
    chat.setMenu(menu);
    MenuItem logout = new MenuItem(menu, SWT.PUSH);
    logout.setText("Log &out");
    logout.addListener(SWT.Selection, e -> {
      Logout.perform(api, tokens);
      loggedOut = true;
      shell.dispose();
    });
    MenuItem quit = new MenuItem(menu, SWT.PUSH);
    quit.setText("&Quit");
    quit.addListener(SWT.Selection, e -> shell.dispose());
  }
}
