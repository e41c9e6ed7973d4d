package com.companychat.client.ui;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Tray;
import org.eclipse.swt.widgets.TrayItem;

/**
 * The tray icon: a drawn speech bubble, with a red badge holding the unread count (9+ above
 * nine); its tooltip says the same in words. Clicking it brings the window back. Nothing when
 * the desktop has no tray. Display thread only; owns its images.
 */
final class TrayIcon {
  static final int SIZE = 32;

  private final Theme theme;
  private final TrayItem item;
  private Image image;
  private int shown = -1;

  TrayIcon(org.eclipse.swt.widgets.Shell shell, Theme theme) {
    this.theme = theme;
    Tray tray = shell.getDisplay().getSystemTray();
    item = tray == null ? null : new TrayItem(tray, SWT.NONE);
    if (item != null) {
      item.addListener(SWT.Selection, e -> {
        shell.setMinimized(false);
        shell.forceActive();
      });
    }
    unread(0);
  }

  void unread(int count) {
    if (item == null || count == shown) {
      return;
    }
    shown = count;
    Image old = image;
    image = draw(item.getDisplay(), theme, count);
    item.setImage(image);
    item.setToolTipText(count == 0 ? "Company Chat" : "Company Chat — " + count + " unread");
    if (old != null) {
      old.dispose();
    }
  }

  void dispose() {
    if (item != null) {
      item.dispose();
    }
    if (image != null) {
      image.dispose();
    }
  }

  /** The icon for {@code unread} messages. */
  static Image draw(Display display, Theme theme, int unread) {
    Image icon = new Image(display, SIZE, SIZE);
    GC gc = new GC(icon);
    try {
      gc.setAntialias(SWT.ON);
      gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
      gc.fillRectangle(0, 0, SIZE, SIZE);
      gc.setBackground(theme.sentFill);
      gc.fillRoundRectangle(2, 4, 24, 18, 10, 10);
      gc.fillPolygon(new int[] {7, 21, 13, 21, 6, 28});
      if (unread > 0) {
        String text = unread > 9 ? "9+" : Integer.toString(unread);
        gc.setBackground(theme.badge);
        gc.fillOval(SIZE - 18, 0, 18, 18);
        gc.setForeground(display.getSystemColor(SWT.COLOR_WHITE));
        gc.setFont(theme.small);
        Point extent = gc.textExtent(text);
        gc.drawText(text, SIZE - 9 - extent.x / 2, 9 - extent.y / 2, true);
      }
    } finally {
      gc.dispose();
    }
    return icon;
  }
}
