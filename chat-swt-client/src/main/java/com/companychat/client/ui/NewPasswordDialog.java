package com.companychat.client.ui;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * "Choose a new password" (CONTRACT §6.7): shown after a login with a password an administrator
 * set, which works only for this. Says who reset it and when, asks for the new one twice, checks
 * the server's rule ({@link #MIN_LENGTH} to {@link #MAX_LENGTH} characters) before sending, and
 * stays open until the server has taken it or the user gives up.
 */
public final class NewPasswordDialog {
  /** The server's password rule (AccountService). */
  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 128;

  /** Sets the new password; returns null on success or the message to show. Called off the UI thread. */
  public interface Attempt {
    String choose(String newPassword);
  }

  private final DialogForm form;
  private final Label notice;
  private final Text password;
  private final Text repeat;
  private final Font bold;

  /** {@code notice}: who reset the password and when, shown at the top (null: nothing to say). */
  public NewPasswordDialog(Display display, String notice, Attempt attempt) {
    form = new DialogForm(display, "Company Chat — Choose a new password");
    this.notice = form.line(new Label(form.shell, SWT.WRAP));
    FontData[] data = this.notice.getFont().getFontData();
    for (FontData d : data) {
      d.setStyle(SWT.BOLD);
    }
    bold = new Font(display, data);
    this.notice.setFont(bold);
    this.notice.setText(notice == null ? "Your password was set by an administrator." : notice);
    form.line(new Label(form.shell, SWT.WRAP)).setText("That password works only once. Choose a new password of "
        + "your own to continue: " + MIN_LENGTH + " to " + MAX_LENGTH + " characters. Your administrator "
        + "will not know it.");
    password = form.field("New password", SWT.BORDER | SWT.PASSWORD);
    repeat = form.field("Repeat", SWT.BORDER | SWT.PASSWORD);
    form.buttons("Cancel", "Change password").addListener(SWT.Selection, e -> submit(attempt));
    form.shell.setData(NewPasswordDialog.class.getName(), this);
    form.shell.addDisposeListener(e -> bold.dispose());
    form.shell.pack();
    password.setFocus();
  }

  /** Shows the dialog until the password is changed (true) or the dialog is closed (false). */
  public boolean open() {
    return form.open();
  }

  public Shell shell() {
    return form.shell;
  }

  /** The notice at the top: who reset the password, and when. */
  public String notice() {
    return notice.getText();
  }

  /** For tests and automation: fills both fields and presses "Change password". */
  public void submitWith(String newPassword, String repeated) {
    password.setText(newPassword);
    repeat.setText(repeated);
    form.press();
  }

  /** What is wrong with the two entries before the server is asked, or null. */
  static String check(String newPassword, String repeated) {
    if (newPassword.length() < MIN_LENGTH || newPassword.length() > MAX_LENGTH) {
      return "The password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long.";
    }
    if (!newPassword.equals(repeated)) {
      return "The two passwords differ.";
    }
    return null;
  }

  private void submit(Attempt attempt) {
    String p = password.getText();
    String wrong = check(p, repeat.getText());
    if (wrong != null) {
      form.say(wrong);
      return;
    }
    form.attempt("Changing the password…", () -> attempt.choose(p));
  }
}
