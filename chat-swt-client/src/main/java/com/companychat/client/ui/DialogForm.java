package com.companychat.client.ui;

import java.util.function.Supplier;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * What the app's small modal dialogs share: labelled fields in two columns, a message line, and
 * buttons at the end whose default runs its attempt off the display thread. The dialog stays
 * open until an attempt succeeds (answers null) or it is closed.
 */
final class DialogForm {
  static final int FIELD_WIDTH = 260;

  final Shell shell;
  private Label message;
  private Button action;
  private boolean succeeded;

  DialogForm(Display display, String title) {
    shell = new Shell(display, SWT.DIALOG_TRIM | SWT.APPLICATION_MODAL);
    shell.setText(title);
    GridLayout layout = new GridLayout(2, false);
    layout.marginWidth = 16;
    layout.marginHeight = 16;
    layout.verticalSpacing = 8;
    shell.setLayout(layout);
  }

  /** A label and its text field, one row. */
  Text field(String name, int style) {
    Label label = new Label(shell, SWT.NONE);
    label.setText(name);
    Text text = new Text(shell, style);
    GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
    data.widthHint = FIELD_WIDTH;
    text.setLayoutData(data);
    return text;
  }

  /** A wrapping line across both columns. */
  Label line(Label label) {
    GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
    data.widthHint = FIELD_WIDTH + 60;
    label.setLayoutData(data);
    return label;
  }

  /** The message line, then the row of buttons: {@code cancel} (if any) before the default. */
  Button buttons(String cancel, String actionText) {
    message = line(new Label(shell, SWT.WRAP));
    message.setForeground(shell.getDisplay().getSystemColor(SWT.COLOR_RED));
    Composite row = new Composite(shell, SWT.NONE);
    row.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false, 2, 1));
    GridLayout layout = new GridLayout(cancel == null ? 1 : 2, true);
    layout.marginWidth = 0;
    layout.marginHeight = 0;
    row.setLayout(layout);
    if (cancel != null) {
      Button close = new Button(row, SWT.PUSH);
      close.setText(cancel);
      close.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
      close.addListener(SWT.Selection, e -> shell.close());
    }
    action = new Button(row, SWT.PUSH);
    action.setText(actionText);
    action.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
    shell.setDefaultButton(action);
    return action;
  }

  /** Shows the dialog until it is closed or an attempt succeeds; returns whether one did. */
  boolean open() {
    shell.open();
    Display display = shell.getDisplay();
    while (!shell.isDisposed()) {
      if (!display.readAndDispatch()) {
        display.sleep();
      }
    }
    return succeeded;
  }

  /** Shows {@code text} on the message line (an error, or why the dialog is shown). */
  void say(String text) {
    message.setText(text);
    shell.pack();
  }

  /** Runs {@code attempt} off the display thread; null closes the dialog, anything else is shown. */
  void attempt(String busy, Supplier<String> attempt) {
    action.setEnabled(false);
    message.setText(busy);
    Display display = shell.getDisplay();
    Thread worker = new Thread(() -> {
      String failure = attempt.get();
      display.asyncExec(() -> {
        if (shell.isDisposed()) {
          return;
        }
        if (failure == null) {
          succeeded = true;
          shell.dispose();
        } else {
          message.setText(failure);
          action.setEnabled(true);
          shell.layout(true);
        }
      });
    }, "dialog-attempt");
    worker.setDaemon(true);
    worker.start();
  }

  /** For tests and automation: presses the default button. */
  void press() {
    action.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
  }
}
