package com.companychat.client.ui;

import com.companychat.client.model.ClientSettings;
import java.util.function.LongConsumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

/**
 * A notification per new message while the window is not active: a small window at the bottom
 * right of the screen with the sender and (unless the user hid it) the text; a click opens that
 * conversation in the main window. Drawn by the app, so it looks and works the same on every
 * desktop, tray or not. Gone after {@link #SHOWN_MS}. Display thread only.
 */
final class Notifier {
  static final int SHOWN_MS = 6_000;
  private static final int PREVIEW = 120;

  private final Shell main;
  private final Theme theme;
  private final java.util.function.Supplier<ClientSettings> settings;
  private final LongConsumer open;
  private Shell popup;

  Notifier(Shell main, Theme theme, java.util.function.Supplier<ClientSettings> settings, LongConsumer open) {
    this.main = main;
    this.theme = theme;
    this.settings = settings;
    this.open = open;
  }

  /** Shows the newest message (replacing an earlier notification); nothing, not even the sound, under do-not-disturb. */
  void show(String sender, String text, long peer) {
    dismiss();
    if (settings.get().doNotDisturb()) {
      return;
    }
    popup = new Shell(main.getDisplay(), SWT.ON_TOP | SWT.TOOL | SWT.NO_FOCUS | SWT.BORDER);
    popup.setText("New message from " + sender);
    GridLayout layout = new GridLayout(1, false);
    layout.marginWidth = 14;
    layout.marginHeight = 10;
    popup.setLayout(layout);
    label(sender, theme.bold);
    label(settings.get().showTextInNotifications() ? preview(text) : "New message", null);
    org.eclipse.swt.widgets.Label hint = label("Click to open the conversation", theme.small);
    theme.apply(popup);
    hint.setForeground(theme.muted);
    popup.pack();
    Rectangle screen = main.getMonitor().getClientArea();
    popup.setLocation(screen.x + screen.width - popup.getSize().x - 16, screen.y + screen.height - popup.getSize().y - 16);
    for (Control c : popup.getChildren()) {
      c.addListener(SWT.MouseUp, e -> clicked(peer));
    }
    popup.addListener(SWT.MouseUp, e -> clicked(peer));
    popup.setVisible(true);
    if (settings.get().notificationSound()) {
      main.getDisplay().beep();
    }
    Shell shown = popup;
    main.getDisplay().timerExec(SHOWN_MS, () -> {
      if (!shown.isDisposed()) {
        shown.dispose();
      }
    });
  }

  /** The notification on screen, if any (tests, screenshots). */
  Shell popup() {
    return popup == null || popup.isDisposed() ? null : popup;
  }

  void dismiss() {
    if (popup != null && !popup.isDisposed()) {
      popup.dispose();
    }
  }

  private void clicked(long peer) {
    dismiss();
    main.setMinimized(false);
    main.setVisible(true);
    main.forceActive();
    open.accept(peer);
  }

  private Label label(String text, org.eclipse.swt.graphics.Font font) {
    Label label = new Label(popup, SWT.WRAP);
    label.setText(text);
    if (font != null) {
      label.setFont(font);
    }
    GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
    data.widthHint = 280;
    label.setLayoutData(data);
    return label;
  }

  private static String preview(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= PREVIEW ? line : line.substring(0, PREVIEW - 1) + "…";
  }
}
