package com.companychat.platform;

import com.companychat.events.RedisEventBus;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Where rate budgets live: with {@code chat.redis.url} set, in Redis, shared by every instance
 * ({@link RedisBudget}, falling back to this instance's memory while Redis is away); without it,
 * in memory ({@link RateLimiter}). Its own small Redisson client (the event bus keeps its own):
 * a budget call is one short script, answered or given up on within 500 ms.
 */
@ApplicationScoped
public class Budgets {
  private static final Logger LOG = Logger.getLogger(Budgets.class.getName());

  private Optional<String> redisUrl = Optional.empty();
  private volatile RedissonClient client;
  /** Set at the application's end: no client may be made after it (it would outlive the application). */
  private boolean closed;

  /** In memory only: for tests and tools. */
  public Budgets() {}

  @Inject
  public Budgets(ChatSettings settings) {
    this.redisUrl = settings.redisUrl();
  }

  /** A budget shared by the cluster when Redis is configured; {@code maxLocalKeys} bounds memory. */
  public <K> Budget<K> named(String name, int capacity, double perSecond, int maxLocalKeys) {
    RateLimiter<K> local = new RateLimiter<>(capacity, perSecond, maxLocalKeys);
    return redisUrl.isEmpty() ? local : new RedisBudget<>(name, capacity, perSecond, this::client, local);
  }

  private RedissonClient client() {
    RedissonClient ready = client;
    return ready != null ? ready : connect();
  }

  /* Lazily: Redis may be away at start; a budget then decides locally until it is reachable. */
  private synchronized RedissonClient connect() {
    if (client == null && redisUrl.isPresent() && !closed) {
      Config config = new Config();
      config.setCodec(StringCodec.INSTANCE);
      config.setLazyInitialization(true);
      config.useSingleServer().setAddress(redisUrl.get())
          .setConnectionMinimumIdleSize(1).setConnectionPoolSize(8)
          .setSubscriptionConnectionMinimumIdleSize(0).setSubscriptionConnectionPoolSize(1)
          .setConnectTimeout(500).setTimeout(500).setRetryAttempts(0);
      client = Redisson.create(config);
      LOG.info("Rate budgets are shared through Redis");
    }
    return client;
  }

  /** Redisson's graceful shutdown, as the event bus's (quiet period, then its threads end). */
  @PreDestroy
  synchronized void close() {
    closed = true;
    if (client != null) {
      RedisEventBus.shutDown(client);
      client = null;
    }
  }
}
