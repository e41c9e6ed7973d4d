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
 * ✓ (sent), ✓✓ (read), "sending…" or the server's refusal.
 */
public final class MessageBubble extends Canvas {
  static final int PAD = 10;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

  private final Theme theme;
  private final boolean mine;
  private final TextLayout layout;
  private final Message message;
  private final String sender;

  public MessageBubble(Composite parent, Theme theme, Message message, boolean mine, String sender) {
    super(parent, SWT.DOUBLE_BUFFERED);
    this.theme = theme;
    this.mine = mine;
    this.message = message;
    this.sender = sender;
    this.layout = new TextLayout(getDisplay());
    layout.setText(message.text());
    layout.setFont(getFont());
    layout.setWidth(Math.min(Theme.BUBBLE_WIDTH - 2 * PAD, Math.max(1, naturalWidth())));
    addPaintListener(e -> paint(e.gc));
    addDisposeListener(e -> layout.dispose());
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
    int x = mine ? getClientArea().width - bubbleW - PAD : PAD;
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
    gc.drawText(meta, mine ? getClientArea().width - size.x - PAD - 4 : PAD + 4, bubbleH + 3, true);
  }

  private String meta() {
    String time = TIME.format(message.createdAt());
    if (!mine) {
      return sender + " · " + time;
    }
    return switch (message.delivery()) {
      case SENDING -> "sending…";
      case FAILED -> "not sent: " + message.error();
      case SENT -> time + (message.read() ? "  ✓✓" : "  ✓");
    };
  }
}
