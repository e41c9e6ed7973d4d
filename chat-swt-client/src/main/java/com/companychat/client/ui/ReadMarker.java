package com.companychat.client.ui;

import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/**
 * When to tell the server a conversation was read: only while someone looks at it (the window
 * active and not minimised, the conversation on screen), and once per burst — an activation, a
 * history page or many messages arriving together ask for one {@code mark_read}, sent
 * {@link #DELAY_MS} after the first request, if the conversation is still looked at then.
 * Display thread only.
 */
final class ReadMarker {
  static final int DELAY_MS = 400;
  private static final long NOBODY = -1;

  private final Display display;
  private final LongPredicate stillLooking;
  private final LongConsumer markRead;
  private long pending = NOBODY;

  ReadMarker(Display display, LongPredicate stillLooking, LongConsumer markRead) {
    this.display = display;
    this.stillLooking = stillLooking;
    this.markRead = markRead;
  }

  /** Whether a person can see this window's content now: active, shown and not minimised. */
  static boolean looking(Shell shell) {
    return !shell.isDisposed() && shell.isVisible() && !shell.getMinimized()
        && shell.getDisplay().getActiveShell() == shell;
  }

  /** Asks for the conversation with {@code peer} to be marked read soon (coalesced). */
  void request(long peer) {
    boolean scheduled = pending != NOBODY;
    pending = peer;
    if (!scheduled) {
      display.timerExec(DELAY_MS, this::flush);
    }
  }

  private void flush() {
    long peer = pending;
    pending = NOBODY;
    if (peer != NOBODY && stillLooking.test(peer)) {
      markRead.accept(peer);
    }
  }
}
