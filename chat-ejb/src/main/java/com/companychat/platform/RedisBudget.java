package com.companychat.platform;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A token bucket per key in Redis, the same for every instance: a Lua script refills, takes or
 * gives back atomically on Redis's own clock (no skew between instances), and lets the key expire
 * once the bucket would be full again, so Redis holds only keys that spent tokens recently.
 *
 * <p>Why a script and not Redisson's {@code RRateLimiter}: it cannot give a token back (login
 * reserves before hashing and returns the token on success), and it keeps a rate-limiter object
 * per key without expiry. When Redis does not answer, the instance's own {@code local} bucket
 * decides: limits degrade to per instance, and a send or login never fails because Redis is away.
 * Meanwhile one call every {@link #PROBE_EVERY_MILLIS} ms asks Redis again (the others do not
 * wait for it), so the budget is the cluster's again within that time of Redis's return.
 *
 * @param <K> what is limited; its {@code toString} is the key's suffix
 */
public final class RedisBudget<K> implements Budget<K> {
  static final long PROBE_EVERY_MILLIS = 250;
  private static final Logger LOG = Logger.getLogger(RedisBudget.class.getName());
  /* KEYS[1] bucket; ARGV capacity, tokens per ms, cost (1 take, -1 give back). Returns the wait in s. */
  private static final String SCRIPT = """
      local cap = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local cost = tonumber(ARGV[3])
      local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
      local tokens = tonumber(b[1]) or cap; local at = tonumber(b[2]) or now
      tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
      local wait = 0
      if cost < 0 then tokens = math.min(cap, tokens - cost)
      elseif tokens >= 1 then tokens = tokens - cost
      else wait = math.ceil((1 - tokens) / rate / 1000) end
      if tokens >= cap then redis.call('DEL', KEYS[1]) else
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
        redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / rate) + 1000) end
      return wait""";

  private final String prefix;
  private final int capacity;
  private final double perMilli;
  private final Supplier<RedissonClient> redis;
  private final RateLimiter<K> local;
  private final LongSupplier clock;
  private volatile boolean away;
  /** While away: when the next call may ask Redis; the one that moves it on does. */
  private final AtomicLong nextProbe = new AtomicLong();

  /** {@code redis} may answer null (no connection yet): the local bucket decides meanwhile. */
  public RedisBudget(String name, int capacity, double perSecond, Supplier<RedissonClient> redis,
      RateLimiter<K> local) {
    this(name, capacity, perSecond, redis, local, System::currentTimeMillis);
  }

  RedisBudget(String name, int capacity, double perSecond, Supplier<RedissonClient> redis,
      RateLimiter<K> local, LongSupplier clock) {
    this.clock = clock;
    this.prefix = "chat:budget:" + name + ":";
    this.capacity = capacity;
    this.perMilli = perSecond / 1000;
    this.redis = redis;
    this.local = local;
  }

  @Override
  public long tryAcquire(K key) {
    Long wait = run(key, 1);
    return wait == null ? local.tryAcquire(key) : wait;
  }

  @Override
  public void giveBack(K key) {
    if (run(key, -1) == null) {
      local.giveBack(key);
    }
  }

  /** Whether the local bucket decides now (Redis did not answer the last probe). */
  boolean isLocal() {
    return away;
  }

  /** The script's answer, or null when Redis is away (then only a probe now and then asks it). */
  private Long run(K key, int cost) {
    if (away) {
      long now = clock.getAsLong();
      long probe = nextProbe.get();
      if (now < probe || !nextProbe.compareAndSet(probe, now + PROBE_EVERY_MILLIS)) {
        return null;
      }
    }
    try {
      RedissonClient client = redis.get();
      if (client == null) {
        return away(null);
      }
      RScript script = client.getScript(StringCodec.INSTANCE);
      Long wait = script.eval(RScript.Mode.READ_WRITE, SCRIPT, RScript.ReturnType.INTEGER,
          List.of(prefix + key), Integer.toString(capacity), Double.toString(perMilli), Integer.toString(cost));
      if (away) {
        away = false;
        LOG.info("Redis answers again; " + prefix + "* limits are the cluster's again");
      }
      return wait;
    } catch (RuntimeException e) {
      return away(e);
    }
  }

  private Long away(RuntimeException e) {
    nextProbe.set(clock.getAsLong() + PROBE_EVERY_MILLIS);
    if (!away) {
      away = true;
      LOG.log(Level.WARNING, "Redis does not answer; " + prefix + "* limits are per instance until it does: "
          + (e == null ? "not connected" : e.getClass().getSimpleName()));
    }
    return null;
  }
}
