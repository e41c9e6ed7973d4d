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
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

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
  private Histogram delivery;
  private Histogram busLag;

  /**
   * Latencies are histograms of whole milliseconds, named so, rather than timers: Payara's timers
   * (6.2025.10) write their quantiles in raw nanoseconds whatever unit is declared, under a
   * _seconds name, while _sum, _mean and _max are scaled. A histogram without a unit is written
   * as recorded, so every value of the summary is in the milliseconds its name says.
   */
  static final String LATENCY_UNIT = MetricUnits.NONE;

  @PostConstruct
  void register() {
    registry.gauge(Metadata.builder().withName("chat.sockets.connected")
        .withDescription("Chat sockets open on this instance").build(), sockets, SocketRegistry::count);
    registry.gauge(Metadata.builder().withName("chat.event.bus.pending")
        .withDescription("Events of this instance waiting for the cluster bus (Redis)").build(),
        events, EventBus::pending);
    stored = registry.counter(Metadata.builder().withName("chat.messages.stored")
        .withDescription("Messages stored by this instance (REST and socket); its rate is messages/s").build());
    delivery = registry.histogram(Metadata.builder().withName("chat.delivery.latency.milliseconds")
        .withDescription("From a message's creation to its hand-off to the receiver's sockets on this instance, in ms")
        .withUnit(LATENCY_UNIT).build());
    busLag = registry.histogram(Metadata.builder().withName("chat.event.bus.lag.milliseconds")
        .withDescription("From an event's publication to its arrival here through Redis, in ms")
        .withUnit(LATENCY_UNIT).build());
    events.observeLag(busLag::update);
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
    delivery.update(Math.max(0, Duration.between(createdAt, Instant.now()).toMillis()));
  }
}
