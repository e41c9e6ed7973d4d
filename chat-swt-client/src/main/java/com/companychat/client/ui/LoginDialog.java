package com.companychat.client.ui;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Server, username, password, "remember me". The login itself runs off the display thread
 * ({@link Attempt}); its error is shown in the dialog, which stays open until it succeeds or
 * is closed.
 */
public final class LoginDialog {

  /** Tries a login; returns null on success or the message to show. Called off the UI thread. */
  public interface Attempt {
    String login(String server, String username, String password, boolean remember);
  }

  private final Shell shell;
  private final Text server;
  private final Text username;
  private final Text password;
  private final Button remember;
  private final Button login;
  private final Label error;
  private boolean succeeded;

  public LoginDialog(Display display, String defaultServer, Attempt attempt) {
    shell = new Shell(display, SWT.DIALOG_TRIM | SWT.APPLICATION_MODAL);
    shell.setText("Company Chat — Log in");
    GridLayout layout = new GridLayout(2, false);
    layout.marginWidth = 16;
    layout.marginHeight = 16;
    layout.verticalSpacing = 8;
    shell.setLayout(layout);
    server = field("Server", SWT.BORDER);
    server.setText(defaultServer);
    username = field("Username", SWT.BORDER);
    password = field("Password", SWT.BORDER | SWT.PASSWORD);
    new Label(shell, SWT.NONE);
    remember = new Button(shell, SWT.CHECK);
    remember.setText("Remember me on this computer");
    remember.setSelection(true);
    error = new Label(shell, SWT.WRAP);
    error.setForeground(display.getSystemColor(SWT.COLOR_RED));
    GridData errorData = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
    errorData.widthHint = 320;
    error.setLayoutData(errorData);
    login = new Button(shell, SWT.PUSH);
    login.setText("Log in");
    login.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false, 2, 1));
    shell.setDefaultButton(login);
    login.addListener(SWT.Selection, e -> submit(attempt));
    shell.pack();
    username.setFocus();
  }

  /** Shows the dialog until it is closed or the login succeeds; returns whether it did. */
  public boolean open() {
    shell.open();
    Display display = shell.getDisplay();
    while (!shell.isDisposed()) {
      if (!display.readAndDispatch()) {
        display.sleep();
      }
    }
    return succeeded;
  }

  public Shell shell() {
    return shell;
  }

  /**
   * The session expired and could not be renewed: the username is filled in, the password
   * field has the focus, and the dialog says why it is shown.
   */
  public LoginDialog again(String user, String why) {
    username.setText(user);
    error.setText(why);
    shell.pack();
    password.setFocus();
    return this;
  }

  public Text username() {
    return username;
  }

  /** For tests and automation: fills the fields and presses "Log in". */
  public void submitWith(String user, String pass) {
    username.setText(user);
    password.setText(pass);
    login.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
  }

  private Text field(String name, int style) {
    Label label = new Label(shell, SWT.NONE);
    label.setText(name);
    Text text = new Text(shell, style);
    GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
    data.widthHint = 260;
    text.setLayoutData(data);
    return text;
  }

  private void submit(Attempt attempt) {
    String s = server.getText().strip();
    String u = username.getText().strip();
    String p = password.getText();
    boolean r = remember.getSelection();
    login.setEnabled(false);
    error.setText("Logging in…");
    Display display = shell.getDisplay();
    Thread worker = new Thread(() -> {
      String failure = attempt.login(s, u, p, r);
      display.asyncExec(() -> {
        if (shell.isDisposed()) {
          return;
        }
        if (failure == null) {
          succeeded = true;
          shell.dispose();
        } else {
          error.setText(failure);
          login.setEnabled(true);
          shell.layout(true);
        }
      });
    }, "login");
    worker.setDaemon(true);
    worker.start();
  }
}
