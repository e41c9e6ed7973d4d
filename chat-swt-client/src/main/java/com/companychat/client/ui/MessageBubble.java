package com.companychat.client.ui;

import com.companychat.client.model.Message;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.TextLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/**
 * One message: mine on the right in a blue bubble, theirs on the left in a bordered one;
 * wrapped at about 300 px, corners rounded 15 px; below it the sender, the time and, on mine,
 * ✓ (sent), ✓✓ (read), "sending…" or the server's refusal. Theirs have an initials avatar on the
 * first bubble of a group. Links are underlined and open in the system browser on a click.
 */
public final class MessageBubble extends Canvas {
  static final int PAD = 10;
  static final int AVATAR = 30;
  private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile("https?://[^\\s<>\"]+");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

  private final Theme theme;
  private final boolean mine;
  private final TextLayout layout;
  private final Message message;
  private final String sender;
  private final String senderUsername;
  private final boolean firstOfGroup;
  private final boolean retriable;

  public MessageBubble(Composite parent, Theme theme, Message message, boolean mine, String sender,
      String senderUsername, boolean firstOfGroup) {
    this(parent, theme, message, mine, sender, senderUsername, firstOfGroup, null);
  }

  /** With {@code retry}: a message given up; a click, Enter or Space sends it again. */
  public MessageBubble(Composite parent, Theme theme, Message message, boolean mine, String sender,
      String senderUsername, boolean firstOfGroup, Runnable retry) {
    super(parent, SWT.DOUBLE_BUFFERED);
    this.theme = theme;
    this.mine = mine;
    this.message = message;
    this.sender = sender;
    this.senderUsername = senderUsername;
    this.firstOfGroup = firstOfGroup;
    this.retriable = retry != null;
    if (theme.dark) {
      setBackground(theme.background);
      setForeground(theme.foreground);
    }
    this.layout = new TextLayout(getDisplay());
    layout.setText(message.text());
    layout.setFont(getFont());
    layout.setWidth(Math.min(Theme.BUBBLE_WIDTH - 2 * PAD, Math.max(1, naturalWidth())));
    styleLinks();
    addPaintListener(e -> paint(e.gc));
    addListener(SWT.MouseUp, e -> {
      java.util.Optional<String> link = linkAt(e.x, e.y);
      if (link.isPresent()) {
        org.eclipse.swt.program.Program.launch(link.get());
      } else if (retry != null) {
        retry.run();
      }
    });
    if (retry != null) {
      setToolTipText("Click, Enter or Space sends it again");
      addListener(SWT.Traverse, e -> e.doit = e.detail == SWT.TRAVERSE_TAB_NEXT || e.detail == SWT.TRAVERSE_TAB_PREVIOUS);
      addListener(SWT.KeyDown, e -> {
        if (e.keyCode == SWT.CR || e.keyCode == SWT.KEYPAD_CR || e.character == ' ') {
          retry.run();
        }
      });
      addListener(SWT.FocusIn, e -> redraw());
      addListener(SWT.FocusOut, e -> redraw());
    }
    AccessibleNames.name(this, () -> (mine ? "me" : sender) + ": " + message.text() + ", " + meta()
        + (retry != null ? " (press Enter to send it again)" : ""));
    addDisposeListener(e -> layout.dispose());
  }

  /** Whether Enter, Space or a click sends it again (it is in the tab order then). */
  boolean retriable() {
    return retriable;
  }

  @Override
  public Point computeSize(int wHint, int hHint, boolean changed) {
    Rectangle text = layout.getBounds();
    int metaHeight = getFont().getFontData()[0].getHeight() * 2;
    int width = wHint == SWT.DEFAULT ? Theme.BUBBLE_WIDTH + 2 * PAD : wHint;
    return new Point(width, text.height + 2 * PAD + metaHeight + 6);
  }

  private int naturalWidth() {
    TextLayout probe = new TextLayout(getDisplay());
    try {
      probe.setFont(getFont());
      probe.setText(message.text());
      return probe.getBounds().width + 2;
    } finally {
      probe.dispose();
    }
  }

  private void paint(GC gc) {
    gc.setAntialias(SWT.ON);
    gc.setTextAntialias(SWT.ON);
    Rectangle text = layout.getBounds();
    int bubbleW = text.width + 2 * PAD;
    int bubbleH = text.height + 2 * PAD;
    int x = mine ? getClientArea().width - bubbleW - PAD : PAD + AVATAR + 6;
    if (!mine && firstOfGroup) {
      paintAvatar(gc);
    }
    if (mine) {
      gc.setBackground(theme.sentFill);
      gc.fillRoundRectangle(x, 0, bubbleW, bubbleH, Theme.BUBBLE_ARC, Theme.BUBBLE_ARC);
      gc.setForeground(theme.sentText);
    } else {
      gc.setForeground(theme.receivedBorder);
      gc.drawRoundRectangle(x, 0, bubbleW - 1, bubbleH - 1, Theme.BUBBLE_ARC, Theme.BUBBLE_ARC);
      gc.setForeground(getForeground());
    }
    layout.draw(gc, x + PAD, PAD);
    gc.setFont(theme.small);
    gc.setForeground(message.delivery() == Message.Delivery.FAILED ? theme.badge : theme.muted);
    String meta = meta();
    Point size = gc.textExtent(meta);
    int metaX = mine ? getClientArea().width - size.x - PAD - 4 : x + 4;
    gc.drawText(meta, metaX, bubbleH + 3, true);
    if (retriable && isFocusControl()) { // reached with Tab: Enter sends it again
      gc.drawFocus(metaX - 3, bubbleH + 1, size.x + 6, size.y + 4);
    }
  }

  private void paintAvatar(GC gc) {
    gc.setBackground(theme.avatars[com.companychat.client.model.Avatar.colour(senderUsername, theme.avatars.length)]);
    gc.fillOval(PAD, 0, AVATAR, AVATAR);
    gc.setForeground(theme.sentText);
    gc.setFont(theme.bold);
    String initials = com.companychat.client.model.Avatar.initials(sender);
    Point size = gc.textExtent(initials);
    gc.drawText(initials, PAD + (AVATAR - size.x) / 2, (AVATAR - size.y) / 2, true);
  }

  private void styleLinks() {
    java.util.regex.Matcher m = URL.matcher(message.text());
    while (m.find()) {
      org.eclipse.swt.graphics.TextStyle style = new org.eclipse.swt.graphics.TextStyle(null,
          mine ? theme.sentText : theme.link, null);
      style.underline = true;
      style.data = m.group();
      layout.setStyle(style, m.start(), m.end() - 1);
    }
  }

  /** The link under a click at (x, y) of this widget, if any. */
  java.util.Optional<String> linkAt(int x, int y) {
    Rectangle text = layout.getBounds();
    int left = mine ? getClientArea().width - text.width - 2 * PAD : PAD + AVATAR + 6 + PAD;
    int offset = layout.getOffset(x - left, y - PAD, null);
    org.eclipse.swt.graphics.TextStyle style = layout.getStyle(offset);
    boolean inside = layout.getBounds().contains(x - left, y - PAD);
    return inside && style != null && style.data instanceof String url
        ? java.util.Optional.of(url) : java.util.Optional.empty();
  }

  private String meta() {
    String time = TIME.format(message.createdAt());
    if (!mine) {
      return firstOfGroup ? sender + " · " + time : time;
    }
    return switch (message.delivery()) {
      case SENDING -> "sending…";
      case FAILED -> message.retriable() ? message.error() : "not sent: " + message.error();
      case SENT -> time + (message.read() ? "  ✓✓" : "  ✓");
    };
  }
}
