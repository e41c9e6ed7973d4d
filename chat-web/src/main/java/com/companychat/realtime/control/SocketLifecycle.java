package com.companychat.realtime.control;

import com.companychat.presence.control.PresenceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Registers each socket (for delivery and presence) and unregisters it exactly once, whatever the
 * container reports. A client that gives up while its socket is still being opened leaves a
 * session that is reported closed before the open finished, or never reported closed at all;
 * such a socket must not stay counted, nor its user online, for ever.
 */
@ApplicationScoped
public class SocketLifecycle {
  @Inject
  DeliveryOrder order;

  @Inject
  PresenceService presence;

  /**
   * Registers the socket and delivers what it missed after {@code startSeq} (with {@code resume},
   * the replay of {@code ?since=} and {@code resumed}, see {@link DeliveryOrder#open}); unregisters it again at once when it ended
   * meanwhile. Throws what registration threw, having undone it.
   */
  public void open(Connection connection, long startSeq, boolean resume) {
    try {
      order.open(connection, startSeq, resume);
      presence.opened(connection.caller());
    } catch (RuntimeException e) {
      connection.ended();
      order.close(connection);
      throw e;
    }
    if (!connection.registered()) {
      unregister(connection);
    } else if (!connection.isOpen()) {
      end(connection);
    }
  }

  /** The socket ended (closed, failed, or found gone): unregisters it unless that was done. */
  public void end(Connection connection) {
    if (connection.ended()) {
      unregister(connection);
    }
  }

  private void unregister(Connection connection) {
    order.close(connection);
    presence.closed(connection.caller());
  }
}
