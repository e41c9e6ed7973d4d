package com.companychat.realtime.control;

import com.companychat.events.EventBus;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/**
 * What an operator watches on each instance, through MicroProfile Metrics
 * ({@code /metrics?scope=application}, Prometheus text): sockets open here, messages stored here
 * (their rate is messages/s), how long a stored message takes to reach its receiver's sockets,
 * and how long events take through the cluster bus. None of them carries a name, a text or an id.
 */
@ApplicationScoped
public class RealtimeMetrics {

  @Inject
  MetricRegistry registry;

  @Inject
  SocketRegistry sockets;

  @Inject
  EventBus events;

  private Counter stored;
  private Timer delivery;
  private Timer busLag;

  @PostConstruct
  void register() {
    registry.gauge(Metadata.builder().withName("chat.sockets.connected")
        .withDescription("Chat sockets open on this instance").build(), sockets, SocketRegistry::count);
    registry.gauge(Metadata.builder().withName("chat.event.bus.pending")
        .withDescription("Events of this instance waiting for the cluster bus (Redis)").build(),
        events, EventBus::pending);
    stored = registry.counter(Metadata.builder().withName("chat.messages.stored")
        .withDescription("Messages stored by this instance (REST and socket); its rate is messages/s").build());
    delivery = registry.timer(Metadata.builder().withName("chat.delivery.latency")
        .withDescription("From a message's creation to its hand-off to the receiver's sockets on this instance")
        .withUnit(MetricUnits.SECONDS).build());
    busLag = registry.timer(Metadata.builder().withName("chat.event.bus.lag")
        .withDescription("From an event's publication to its arrival here through Redis")
        .withUnit(MetricUnits.SECONDS).build());
    events.observeLag(millis -> busLag.update(Duration.ofMillis(millis)));
  }

  /** The metrics exist from the start: they read zero rather than missing until first use. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    // Observing is enough: the container creates the bean, whose @PostConstruct registers them.
  }

  public void messageStored() {
    stored.inc();
  }

  /** A message created at {@code createdAt} was handed to its receiver's sockets here. */
  public void delivered(Instant createdAt) {
    delivery.update(Duration.between(createdAt, Instant.now()));
  }
}
