package com.companychat.events;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Carries {@link ChatEvent}s to every instance of the server, this one included. Delivery is
 * at most once: the database stays the truth for messages, and clients catch up by id.
 */
public interface EventBus {

  /** Hands the event to every subscriber on every instance; never blocks on a slow subscriber. */
  void publish(ChatEvent event);

  /** Registers a listener for the events of all companies; it must not block. */
  void subscribe(Consumer<ChatEvent> listener);

  /** This instance holds sockets of that company now, and wants its events from everywhere. */
  default void watchCompany(long companyId) {}

  /** This instance holds no socket of that company any more. */
  default void unwatchCompany(long companyId) {}

  /**
   * Tells {@code observer} how long each event took from its publication to its arrival here
   * through the cluster transport, in milliseconds. The in-process bus has no transport.
   */
  default void observeLag(LongConsumer observer) {}

  /** Events published here that still wait for the cluster transport. */
  default int pending() {
    return 0;
  }

  /** For health reports: how events travel now. */
  default String state() {
    return "in-process";
  }
}
