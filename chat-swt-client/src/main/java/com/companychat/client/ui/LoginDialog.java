package com.companychat.client.ui;

import org.eclipse.swt.SWT;
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

  private final DialogForm form;
  private final Text server;
  private final Text username;
  private final Text password;
  private final Button remember;

  public LoginDialog(Display display, String defaultServer, Attempt attempt) {
    form = new DialogForm(display, "Company Chat — Log in");
    server = form.field("Server", SWT.BORDER);
    server.setText(defaultServer);
    username = form.field("Username", SWT.BORDER);
    password = form.field("Password", SWT.BORDER | SWT.PASSWORD);
    new Label(form.shell, SWT.NONE);
    remember = new Button(form.shell, SWT.CHECK);
    remember.setText("Remember me on this computer");
    remember.setSelection(true);
    form.buttons(null, "Log in").addListener(SWT.Selection, e -> submit(attempt));
    form.shell.setData(LoginDialog.class.getName(), this);
    form.shell.pack();
    username.setFocus();
  }

  /** Shows the dialog until it is closed or the login succeeds; returns whether it did. */
  public boolean open() {
    return form.open();
  }

  public Shell shell() {
    return form.shell;
  }

  /**
   * The session expired and could not be renewed: the username is filled in, the password
   * field has the focus, and the dialog says why it is shown.
   */
  public LoginDialog again(String user, String why) {
    username.setText(user);
    form.say(why);
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
    form.press();
  }

  private void submit(Attempt attempt) {
    String s = server.getText().strip();
    String u = username.getText().strip();
    String p = password.getText();
    boolean r = remember.getSelection();
    form.attempt("Logging in…", () -> attempt.login(s, u, p, r));
  }
}
