package com.companychat.client.model;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Typing, both ways. Theirs: shown until {@code is_typing: false}, a message from them, or
 * {@link #LINGER} after their last typing event. Mine: {@code typing: true} at the first
 * keystroke and every {@link #RESEND} while typing goes on; {@code typing: false} to the peer
 * who was told, after {@link #LINGER} without a keystroke, on send and on switching away.
 */
public final class TypingTimer {
  public static final Duration LINGER = Duration.ofSeconds(2);
  /** How often {@code typing: true} is repeated while I keep typing. */
  public static final Duration RESEND = Duration.ofMillis(1_500);
  public static final long NOBODY = -1;

  private final Map<Long, Instant> theirs = new HashMap<>();
  private Instant myLastKey;
  private Instant lastAnnounce;
  private long announcedTo = NOBODY;

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

  /**
   * A keystroke of mine in the conversation with {@code peer}: true when a {@code typing: true}
   * should be sent now (the first of a burst, or {@link #RESEND} after the last one, so that the
   * receiver, who hides the indicator {@link #LINGER} after an event, keeps showing it).
   */
  public boolean keystroke(long peer, Instant now) {
    myLastKey = now;
    if (announcedTo == peer && Duration.between(lastAnnounce, now).compareTo(RESEND) < 0) {
      return false;
    }
    announcedTo = peer;
    lastAnnounce = now;
    return true;
  }

  /**
   * Checked periodically: the peer to send {@code typing: true} again (typing goes on and
   * {@link #RESEND} passed), else {@link #NOBODY}.
   */
  public long stillTyping(Instant now) {
    if (announcedTo == NOBODY || Duration.between(myLastKey, now).compareTo(LINGER) >= 0
        || Duration.between(lastAnnounce, now).compareTo(RESEND) < 0) {
      return NOBODY;
    }
    lastAnnounce = now;
    return announcedTo;
  }

  /** Checked periodically: the peer to send {@code typing: false} now ({@link #LINGER} idle), else {@link #NOBODY}. */
  public long stoppedTyping(Instant now) {
    if (announcedTo != NOBODY && Duration.between(myLastKey, now).compareTo(LINGER) >= 0) {
      return stop();
    }
    return NOBODY;
  }

  /**
   * I sent the message or switched to another conversation: the peer told I was typing (to be
   * told {@code typing: false}), else {@link #NOBODY}.
   */
  public long stop() {
    long peer = announcedTo;
    announcedTo = NOBODY;
    return peer;
  }
}
