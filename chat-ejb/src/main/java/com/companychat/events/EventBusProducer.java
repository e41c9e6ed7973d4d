package com.companychat.events;

import com.companychat.platform.ChatSettings;
import com.companychat.presence.control.InstanceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.logging.Logger;

/** The bus that configuration asks for: Redis when {@code chat.redis.url} is set, else in-process. */
@ApplicationScoped
public class EventBusProducer {
  private static final Logger LOG = Logger.getLogger(EventBusProducer.class.getName());

  @Produces
  @ApplicationScoped
  EventBus eventBus(ChatSettings settings, InstanceIdentity identity) {
    if (settings.redisUrl().isEmpty()) {
      LOG.info("Events stay in this instance (no chat.redis.url)");
      return new LocalEventBus();
    }
    LOG.info(() -> "Events cross instances through Redis as instance " + identity.id());
    return new RedisEventBus(settings.redisUrl().get(), identity.id());
  }

  void close(@Disposes EventBus bus) {
    if (bus instanceof RedisEventBus redis) {
      redis.close();
    }
  }
}
