package com.companychat.client.ui;

import com.companychat.client.model.Contact;
import com.companychat.client.model.Moments;
import java.time.LocalDate;
import java.time.ZoneId;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Event;

/**
 * Paints one row of the employee list: presence dot, name and the time of the latest message on
 * the first line, its preview ("You: …" when mine; the username before any) and the unread badge
 * on the second; name and preview bold while unread.
 */
final class UserListItem {
  static final int HEIGHT = 46;
  private static final int DOT = 10;
  private static final int LEFT = 28;

  private UserListItem() {}

  static void measure(Event e) {
    e.height = HEIGHT;
  }

  /** The second line: the latest message, or the username when there is none yet. */
  static String preview(Contact contact) {
    Contact.Latest latest = contact.latest();
    if (latest.messageId() == 0) {
      return "@" + contact.username();
    }
    String text = latest.text().replaceAll("\\s+", " ").strip();
    return latest.mine() ? "You: " + text : text;
  }

  /** The time of the latest message as the list shows it, or "" before any. */
  static String time(Contact contact) {
    Contact.Latest latest = contact.latest();
    return latest.at() == null ? "" : Moments.listTime(latest.at(), LocalDate.now(), ZoneId.systemDefault());
  }

  static void paint(Event e, Contact contact, Theme theme, int width) {
    GC gc = e.gc;
    gc.setAntialias(SWT.ON);
    int y = e.y;
    boolean unread = contact.unread() > 0;
    gc.setBackground(contact.online() ? theme.online : theme.offline);
    gc.fillOval(e.x + 10, y + (HEIGHT - DOT) / 2, DOT, DOT);
    int right = e.x + width - 10;

    gc.setFont(theme.small);
    String time = time(contact);
    int timeWidth = time.isEmpty() ? 0 : gc.textExtent(time).x;
    if (!time.isEmpty()) {
      gc.drawText(time, right - timeWidth, y + 7, true);
    }
    gc.setFont(unread ? theme.bold : null);
    gc.drawText(fit(gc, contact.displayName(), right - timeWidth - 8 - (e.x + LEFT)), e.x + LEFT, y + 5, true);

    int badgeWidth = 0;
    if (unread) {
      String count = contact.unread() > 99 ? "99+" : Integer.toString(contact.unread());
      gc.setFont(theme.bold);
      Point size = gc.textExtent(count);
      badgeWidth = Math.max(size.x + 10, 20);
      int x = right - badgeWidth;
      Color previous = gc.getForeground();
      gc.setBackground(theme.badge);
      gc.fillRoundRectangle(x, y + 24, badgeWidth, 18, 18, 18);
      gc.setForeground(theme.sentText);
      gc.drawText(count, x + (badgeWidth - size.x) / 2, y + 24 + (18 - size.y) / 2, true);
      gc.setForeground(previous);
    }
    gc.setFont(unread ? theme.boldSmall : theme.small);
    gc.drawText(fit(gc, preview(contact), right - badgeWidth - 8 - (e.x + LEFT)), e.x + LEFT, y + 25, true);
  }

  /** {@code text}, cut with "…" to fit {@code width} pixels in the GC's font. */
  private static String fit(GC gc, String full, int width) {
    String text = full.length() > 160 ? full.substring(0, 160) : full;
    if (text.equals(full) && gc.textExtent(text).x <= width) {
      return text;
    }
    double average = Math.max(1, gc.getFontMetrics().getAverageCharacterWidth());
    int end = Math.min(text.length(), (int) (width / average) + 2);
    while (end > 0 && gc.textExtent(text.substring(0, end) + "…").x > width) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}
