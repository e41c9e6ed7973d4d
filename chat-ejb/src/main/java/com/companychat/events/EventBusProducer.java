package com.companychat.events;

import com.companychat.platform.ChatSettings;
import com.companychat.presence.control.InstanceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.logging.Logger;

/** The bus that configuration asks for: Redis when {@code chat.redis.url} is set, else in-process. */
@ApplicationScoped
public class EventBusProducer {
  private static final Logger LOG = Logger.getLogger(EventBusProducer.class.getName());
  /** The Redis bus made here, if any. */
  private volatile RedisEventBus redis;

  @Produces
  @ApplicationScoped
  EventBus eventBus(ChatSettings settings, InstanceIdentity identity) {
    if (settings.redisUrl().isEmpty()) {
      LOG.info("Events stay in this instance (no chat.redis.url)");
      return new LocalEventBus();
    }
    LOG.info(() -> "Events cross instances through Redis as instance " + identity.id());
    redis = new RedisEventBus(settings.redisUrl().get(), identity.id());
    return redis;
  }

  /**
   * Before the first application-scoped bean is destroyed (the disposer below may come after the
   * sockets' beans): events from Redis no longer reach them. Publishing goes on until the disposer.
   */
  void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object application) {
    if (redis != null) {
      redis.stopDelivering();
    }
  }

  void close(@Disposes EventBus bus) {
    if (bus instanceof RedisEventBus onRedis) {
      onRedis.close();
    }
  }
}
