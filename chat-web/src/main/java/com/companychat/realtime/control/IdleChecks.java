package com.companychat.realtime.control;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Spares the container a task per frame that does nothing.
 *
 * <p>Tyrus (2.1.x, Payara's too) re-arms a session's idle check on every frame sent or received,
 * by scheduling a new check on the container's scheduled executor, <em>even when the session has
 * no idle timeout</em>: it then schedules the check with no delay, and the check, finding no
 * timeout, does nothing. On Payara that executor is the managed one, which captures the caller's
 * context for every task through a {@code ServiceLoader} scan of the application's jars: in the
 * benchmark's profile half of the server's CPU went there. Our sockets have no container idle
 * timeout ({@link Keepalive} closes silent ones), so every one of those tasks is a no-op.
 *
 * <p>{@link #install} puts a filter in front of the container's scheduled executor that answers
 * such a no-delay idle check with a finished future, and hands every other task, unchanged, to the
 * executor it wraps. A session that does set an idle timeout schedules its checks with that delay
 * and is not affected. Only sessions created after the install benefit, so it runs when the
 * application starts. Where the container is not Tyrus, or its fields differ, nothing changes and
 * the reason is logged.
 */
public final class IdleChecks {
  private static final Logger LOG = Logger.getLogger(IdleChecks.class.getName());
  static final String IDLE_CHECK = "org.glassfish.tyrus.core.TyrusSession$IdleTimeoutCommand";
  private static final String TYRUS_CONTAINER = "org.glassfish.tyrus.core.BaseContainer";
  private static final String EXECUTOR_FIELD = "managedScheduledExecutorService";

  private IdleChecks() {}

  /**
   * Filters the no-op idle checks of {@code container}'s future sessions.
   *
   * @return whether the filter is in place (also when it was already)
   */
  public static boolean install(Object container) {
    Optional<Field> field = executorField(container.getClass());
    if (field.isEmpty()) {
      LOG.info(() -> "Idle checks left as they are: " + container.getClass().getName() + " is not Tyrus's container");
      return false;
    }
    try {
      Field executor = field.get();
      executor.setAccessible(true);
      // The managed executor where the container has one (Payara), else Tyrus's own pool.
      Object current = container.getClass().getMethod("getScheduledExecutorService").invoke(container);
      if (current instanceof Filter) {
        return true;
      }
      executor.set(container, new Filter((ScheduledExecutorService) current));
      LOG.info("Tyrus's no-op idle check per frame is skipped (sockets have no container idle timeout)");
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.INFO, "Idle checks left as they are: the container refused the filter", e);
      return false;
    }
  }

  private static Optional<Field> executorField(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(TYRUS_CONTAINER)) {
        try {
          return Optional.of(c.getDeclaredField(EXECUTOR_FIELD));
        } catch (NoSuchFieldException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Whether {@code command}, scheduled {@code delay} from now, is an idle check of a session with no timeout. */
  static boolean isNoOpIdleCheck(Runnable command, long delay) {
    return delay <= 0 && command.getClass().getName().equals(IDLE_CHECK);
  }

  /** The container's scheduled executor, but for the no-op idle checks. */
  static final class Filter implements ScheduledExecutorService {
    private final ScheduledExecutorService delegate;

    Filter(ScheduledExecutorService delegate) {
      this.delegate = delegate;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      return isNoOpIdleCheck(command, delay) ? Skipped.INSTANCE : delegate.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      return delegate.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
      return delegate.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
      return delegate.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
      return delegate.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
      return delegate.submit(task, result);
    }

    @Override
    public Future<?> submit(Runnable task) {
      return delegate.submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
      return delegate.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException {
      return delegate.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
      return delegate.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return delegate.invokeAny(tasks, timeout, unit);
    }

    @Override
    public void execute(Runnable command) {
      delegate.execute(command);
    }
  }

  /** What a skipped check answers: done, with nothing to cancel. */
  private static final class Skipped implements ScheduledFuture<Object> {
    static final Skipped INSTANCE = new Skipped();

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean isDone() {
      return true;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
