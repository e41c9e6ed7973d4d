package com.companychat.events;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.connection.ConnectionListener;

/**
 * The cluster bus: events reach this instance's listeners at once, and other instances through
 * Redis topics, one per company ({@code chat:company:ID}); an instance subscribes only to the
 * companies it holds sockets of. Publishing is ordered (one publisher thread) and never blocks
 * the caller; while Redis is away, local delivery goes on and cross-instance events are dropped
 * (messages stay in the database: clients catch up by id). When Redis returns, the bus connects
 * afresh at once ({@link RedisReturn}), subscribes again and has every open socket here catch up
 * from the database; Redisson's own reconnection, which may come seconds later, is not awaited.
 */
public class RedisEventBus implements EventBus, AutoCloseable {
  static final int MAX_PENDING = 10_000;
  static final int BATCH = 256;
  /** Longer than a command's timeout and retry (2 s, one retry after 0.5 s). */
  static final long PUBLISH_TIMEOUT_MS = 6_000;
  /** Redisson's quiet period at shutdown, and the bound of each step of {@link #close()}. */
  static final long QUIET_MS = 200;
  static final long SHUTDOWN_MS = 5_000;
  private static final Logger LOG = Logger.getLogger(RedisEventBus.class.getName());

  private final String origin;
  /** How our own envelopes begin: their echoes from Redis are measured, not read. */
  private final String ownPrefix;
  private final RedisUrl url;
  private final RedisReturn returnWatch;
  /** Replaced by a fresh client when Redis returns; the previous one is shut down. */
  private volatile RedissonClient redis;
  private volatile int generation;
  private final List<Consumer<ChatEvent>> listeners = new CopyOnWriteArrayList<>();
  /** Companies watched, with the topic and the listeners' ids once Redis confirmed the subscription. */
  private final Map<Long, CompletableFuture<Subscribed>> subscriptions = new ConcurrentHashMap<>();
  private final BlockingQueue<ChatEvent> pending = new ArrayBlockingQueue<>(MAX_PENDING);
  private final Thread publisher;
  /** Threads shutting down clients replaced by reconnect(): close() waits for them. */
  private final List<Thread> closers = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;
  /** Set when the application stops: events from Redis no longer reach the listeners. */
  private volatile boolean delivering = true;
  /** Set by close(): the publisher sends what is queued, then ends. */
  private volatile boolean draining;
  private volatile long lastFailureLog;
  private volatile LongConsumer lagObserver = lag -> {};
  /** Companies whose events this instance could not pass on: the others are told once it can. */
  private final Set<Long> missed = ConcurrentHashMap.newKeySet();

  private record Subscribed(RTopic topic, Integer[] listenerIds) {}

  /** A bus on {@code redisUrl}, see {@link RedisUrl} for its forms. */
  public RedisEventBus(String redisUrl, String origin) {
    this.origin = origin;
    this.ownPrefix = EventCodec.prefixOf(origin);
    this.url = RedisUrl.parse(redisUrl);
    this.redis = connect();
    this.returnWatch = new RedisReturn(url, this::reconnect);
    this.publisher = new Thread(this::publishLoop, "chat-redis-publisher");
    publisher.setDaemon(true);
    publisher.start();
  }

  @Override
  public void publish(ChatEvent event) {
    LocalEventBus.deliver(listeners, event);
    if (!pending.offer(event)) {
      missed.add(event.companyId());
      logFailure("more than " + MAX_PENDING + " events wait for Redis; dropping (sockets catch up afterwards)", null);
    }
  }

  /** A client of its own generation: only the current one's disconnection means Redis is away. */
  private RedissonClient connect() {
    int mine = ++generation;
    Config config = new Config();
    config.setCodec(StringCodec.INSTANCE);
    config.setConnectionListener(new ConnectionListener() {
      @Override
      public void onConnect(InetSocketAddress address) {
        // nothing to do: a resubscription is announced by the topics' status listeners
      }

      @Override
      public void onDisconnect(InetSocketAddress address) {
        if (mine == generation && running && returnWatch != null) {
          returnWatch.away();
        }
      }
    });
    url.applyTo(config)
        .setConnectionMinimumIdleSize(1).setConnectionPoolSize(4)
        .setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(4)
        .setConnectTimeout(2_000).setTimeout(2_000).setRetryAttempts(1).setRetryInterval(500)
        .setPingConnectionInterval(5_000);
    return Redisson.create(config);
  }

  /*
   * Redis is back: a fresh client subscribes to every watched company at once, and each, once
   * subscribed, has its sockets here catch up (messages and presence). Throws while Redis does
   * not take connections yet; RedisReturn then tries again.
   */
  private synchronized boolean reconnect() {
    if (!running) {
      return true;  // closing: a client made now would outlive the application
    }
    RedissonClient previous = redis;
    redis = connect();
    LOG.info("Redis is back: subscribing again; open sockets catch up now");
    subscriptions.replaceAll((company, before) -> {
      CompletableFuture<Subscribed> subscribed = new CompletableFuture<>();
      subscribe(company, subscribed, 2);
      return subscribed;
    });
    Thread closer = new Thread(() -> shutDown(previous), "chat-redis-close");
    closer.setDaemon(true);
    closer.start();
    closers.add(closer);
    closers.removeIf(done -> !done.isAlive());
    return true;
  }

  @Override
  public void subscribe(Consumer<ChatEvent> listener) {
    listeners.add(listener);
  }

  /** Subscribes without blocking; while Redis is away the attempt is repeated every 2 s. */
  @Override
  public void watchCompany(long companyId) {
    subscriptions.computeIfAbsent(companyId, id -> {
      CompletableFuture<Subscribed> subscribed = new CompletableFuture<>();
      subscribe(id, subscribed, 1);
      return subscribed;
    });
  }

  @Override
  public void unwatchCompany(long companyId) {
    CompletableFuture<Subscribed> subscribed = subscriptions.remove(companyId);
    if (subscribed != null) {
      subscribed.thenAccept(done -> done.topic().removeListenerAsync(done.listenerIds()));
    }
  }

  /*
   * The status listener hears every (re)subscription: after Redis was away, Redisson subscribes
   * again by itself, and what was published meanwhile is gone, so the company's sockets here
   * catch up from the database. A subscription that only succeeded after retries missed events
   * too.
   */
  private void subscribe(long companyId, CompletableFuture<Subscribed> subscribed, int attempt) {
    RTopic topic = topic(companyId);
    topic.addListenerAsync(new StatusListener() {
      @Override
      public void onSubscribe(String channel) {
        eventsMissed(companyId);
      }

      @Override
      public void onUnsubscribe(String channel) {
        // nothing to do: a resubscription is announced by onSubscribe
      }
    }).thenCompose(statusListener -> topic.addListenerAsync(String.class, (channel, text) -> {
      // Only the company's current subscription delivers: none once unwatched (its listener is
      // removed asynchronously), none twice when it is watched again before the old one is gone.
      if (subscriptions.get(companyId) == subscribed) {
        receive(text);
      }
    })
        .thenApply(messageListener -> new Subscribed(topic, new Integer[] {messageListener, statusListener})))
        .whenComplete((done, failure) -> {
          if (failure == null) {
            subscribed.complete(done);
            if (attempt > 1) {
              eventsMissed(companyId);
            }
          } else if (running && subscriptions.get(companyId) == subscribed) {
            logFailure("Redis is unavailable; subscribing to company " + companyId + " again in 2 s", failure);
            CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS)
                .execute(() -> subscribe(companyId, subscribed, attempt + 1));
          }
        });
  }

  private void eventsMissed(long companyId) {
    if (subscriptions.containsKey(companyId)) {
      LocalEventBus.deliver(listeners, new ChatEvent.EventsMissed(companyId));
    }
  }

  @Override
  public void observeLag(LongConsumer observer) {
    this.lagObserver = observer;
  }

  @Override
  public int pending() {
    return pending.size();
  }

  /** Whether Redis answers now; never blocks long. */
  @Override
  public String state() {
    try {
      return redis.getNodesGroup().pingAll(1, TimeUnit.SECONDS) ? "redis: connected"
          : "redis: unavailable, local delivery only";
    } catch (RuntimeException e) {
      return "redis: unavailable, local delivery only";
    }
  }

  /*
   * In order, so that no thread of ours or of Redisson's outlives the application (a clean stop
   * of Payara Micro printed an uncaught exception of a Redisson thread after the undeployment):
   * delivery first (no event reaches a listener any more), our threads (no new client; the
   * publisher sends what is queued and ends), then the subscriptions, then the clients, each
   * given a quiet period for the notifications still in flight, and awaited.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;  // from here on reconnect() makes no client
    }
    stopDelivering();
    returnWatch.close();
    join(returnWatch.thread());
    closers.forEach(RedisEventBus::join);
    draining = true;  // what is queued still goes out (e.g. this instance's users going offline)
    join(publisher);
    publisher.interrupt();
    join(publisher);
    List<CompletableFuture<?>> unsubscribed = new ArrayList<>();
    for (CompletableFuture<Subscribed> subscribed : subscriptions.values()) {
      // one still being made is called off: its retry sees it is no longer watched
      if (!subscribed.cancel(false) && !subscribed.isCompletedExceptionally()) {
        unsubscribed.add(subscribed.join().topic().removeAllListenersAsync().toCompletableFuture());
      }
    }
    subscriptions.clear();
    try {
      CompletableFuture.allOf(unsubscribed.toArray(CompletableFuture[]::new)).get(SHUTDOWN_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.FINE, "Redis did not confirm every unsubscription before the shutdown", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shutDown(redis);
  }

  /**
   * The application is stopping: events from Redis are no longer handed to the listeners (their
   * beans may be gone); publishing goes on until {@link #close()}.
   */
  public void stopDelivering() {
    delivering = false;
    listeners.clear();
  }

  /** Redisson's graceful shutdown: a quiet period for notifications in flight, then its threads end. */
  public static void shutDown(RedissonClient client) {
    if (!client.isShutdown()) {
      client.shutdown(QUIET_MS, SHUTDOWN_MS, TimeUnit.MILLISECONDS);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(SHUTDOWN_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void receive(String text) {
    if (!delivering) {
      return;
    }
    try {
      if (text.startsWith(ownPrefix)) {
        // Our own echo: its round trip through Redis is the bus's lag; its event was delivered here.
        lagObserver.accept(Math.max(0, System.currentTimeMillis() - EventCodec.sentAtAfter(ownPrefix, text)));
        return;
      }
      EventCodec.Envelope envelope = EventCodec.decode(text);
      if (envelope.sentAtMillis() > 0) {
        lagObserver.accept(Math.max(0, System.currentTimeMillis() - envelope.sentAtMillis()));
      }
      if (!origin.equals(envelope.origin())) { // ours always match the prefix; never deliver one twice
        LocalEventBus.deliver(listeners, envelope.event());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Dropped an event from Redis that could not be read", e);
    }
  }

  /*
   * One publisher thread keeps the order. It sends what has queued up meanwhile as one batch:
   * one round trip to Redis for up to BATCH events, in order on one connection. Publishing one
   * event per round trip fell behind at a few thousand events a second and overflowed the queue.
   */
  private void publishLoop() {
    List<ChatEvent> batch = new ArrayList<>(BATCH);
    while (true) {
      try {
        ChatEvent first = draining ? pending.poll() : pending.poll(2, TimeUnit.SECONDS);
        if (first == null && draining) {
          return;  // close(): everything queued was sent
        }
        if (first != null) {
          batch.add(first);
          pending.drainTo(batch, BATCH - 1);
          publish(batch);
        }
        announceMissed();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (draining) {
          return;  // closing: the others catch up from the database
        }
        batch.forEach(event -> missed.add(event.companyId()));
        logFailure("Redis is unavailable; events of this instance reach the others again when it returns", e);
      } finally {
        batch.clear();
      }
    }
  }

  /** Tells the other instances which companies' events they did not get from here. */
  private void announceMissed() {
    for (Long company : missed) {
      await(topic(company).publishAsync(EventCodec.encode(origin, new ChatEvent.EventsMissed(company))),
          "announcing missed events");
      missed.remove(company);
    }
  }

  /*
   * Waits a bounded time: a command in flight on a client that reconnect() shuts down is never
   * answered, and an unbounded wait stopped this instance's events for good (ClusterIT, after a
   * Redis outage: a user's presence never reached the other instance). A batch given up on counts
   * as missed; the others catch up from the database.
   */
  private void publish(List<ChatEvent> events) {
    RFuture<?> sent;
    if (events.size() == 1) {
      ChatEvent event = events.get(0);
      sent = topic(event.companyId()).publishAsync(EventCodec.encode(origin, event));
    } else {
      RBatch batch = redis.createBatch(BatchOptions.defaults());
      for (ChatEvent event : events) {
        batch.getTopic(topicName(event.companyId())).publishAsync(EventCodec.encode(origin, event));
      }
      sent = batch.executeAsync();
    }
    await(sent, "publishing " + events.size() + " events");
  }

  private static void await(RFuture<?> sent, String what) {
    try {
      sent.toCompletableFuture().get(PUBLISH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(what + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    }
  }

  private RTopic topic(long companyId) {
    return redis.getTopic(topicName(companyId));
  }

  private static String topicName(long companyId) {
    return "chat:company:" + companyId;
  }

  private void logFailure(String message, Throwable e) {
    long now = System.currentTimeMillis();
    if (now - lastFailureLog > 10_000) {
      lastFailureLog = now;
      LOG.log(Level.WARNING, message, e);
    }
  }
}
