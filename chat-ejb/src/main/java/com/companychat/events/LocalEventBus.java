package com.companychat.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The single-instance bus: events go straight to this instance's listeners. */
public class LocalEventBus implements EventBus {
  private static final Logger LOG = Logger.getLogger(LocalEventBus.class.getName());

  private final List<Consumer<ChatEvent>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void publish(ChatEvent event) {
    deliver(listeners, event);
  }

  @Override
  public void subscribe(Consumer<ChatEvent> listener) {
    listeners.add(listener);
  }

  /** Hands an event to each listener; one that throws is logged and does not stop the others. */
  static void deliver(List<Consumer<ChatEvent>> listeners, ChatEvent event) {
    for (Consumer<ChatEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "An event listener failed on " + event.getClass().getSimpleName(), e);
      }
    }
  }
}
