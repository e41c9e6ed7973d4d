package com.companychat.client.model;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Typing, both ways. Theirs: shown until {@code is_typing: false}, a message from them, or
 * {@link #LINGER} after their last typing event. Mine: one {@code typing: true} per burst of
 * keystrokes, and {@code typing: false} after {@link #LINGER} without one.
 */
public final class TypingTimer {
  public static final Duration LINGER = Duration.ofSeconds(2);

  private final Map<Long, Instant> theirs = new HashMap<>();
  private Instant myLastKey;
  private boolean announced;

  public void theyTyped(long peer, boolean typing, Instant now) {
    if (typing) {
      theirs.put(peer, now);
    } else {
      theirs.remove(peer);
    }
  }

  public void theySent(long peer) {
    theirs.remove(peer);
  }

  public boolean isTyping(long peer, Instant now) {
    Instant last = theirs.get(peer);
    return last != null && Duration.between(last, now).compareTo(LINGER) < 0;
  }

  /** A keystroke of mine: true when a {@code typing: true} should be sent now. */
  public boolean keystroke(Instant now) {
    myLastKey = now;
    if (announced) {
      return false;
    }
    announced = true;
    return true;
  }

  /** Checked periodically: true when a {@code typing: false} should be sent now. */
  public boolean stoppedTyping(Instant now) {
    if (announced && Duration.between(myLastKey, now).compareTo(LINGER) >= 0) {
      announced = false;
      return true;
    }
    return false;
  }

  /** I sent the message: the typing indicator ends with it. */
  public void sent() {
    announced = false;
  }
}
