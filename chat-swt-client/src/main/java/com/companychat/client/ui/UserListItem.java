package com.companychat.client.ui;

import com.companychat.client.model.Contact;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Event;

/** Paints one row of the employee list: presence dot, name, username, unread badge. */
final class UserListItem {
  static final int HEIGHT = 46;
  private static final int DOT = 10;

  private UserListItem() {}

  static void measure(Event e) {
    e.height = HEIGHT;
  }

  static void paint(Event e, Contact contact, Theme theme, int width) {
    GC gc = e.gc;
    gc.setAntialias(SWT.ON);
    int y = e.y;
    gc.setBackground(contact.online() ? theme.online : theme.offline);
    gc.fillOval(e.x + 10, y + (HEIGHT - DOT) / 2, DOT, DOT);
    gc.setFont(contact.unread() > 0 ? theme.bold : null);
    gc.drawText(contact.displayName(), e.x + 28, y + 6, true);
    gc.setFont(theme.small);
    gc.drawText("@" + contact.username(), e.x + 28, y + 25, true);
    if (contact.unread() > 0) {
      String count = contact.unread() > 99 ? "99+" : Integer.toString(contact.unread());
      gc.setFont(theme.bold);
      Point size = gc.textExtent(count);
      int w = Math.max(size.x + 10, 20);
      int x = e.x + width - w - 10;
      gc.setBackground(theme.badge);
      gc.fillRoundRectangle(x, y + (HEIGHT - 20) / 2, w, 20, 20, 20);
      gc.setForeground(theme.sentText);
      gc.drawText(count, x + (w - size.x) / 2, y + (HEIGHT - size.y) / 2, true);
    }
  }
}
