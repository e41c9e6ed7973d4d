package com.companychat.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The filter in front of Tyrus's scheduled executor, on a real Tyrus container and idle check. */
class IdleChecksTest {
  private final ClientManager container = ClientManager.createClient();
  private final ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void stop() {
    container.shutdown();
    pool.shutdownNow();
  }

  @Test
  void installsOnceInFrontOfTheContainersScheduledExecutor() {
    ScheduledExecutorService before = container.getScheduledExecutorService();

    assertTrue(IdleChecks.install(container));
    ScheduledExecutorService filter = container.getScheduledExecutorService();
    assertFalse(filter == before, "the container hands out the filter");

    assertTrue(IdleChecks.install(container));
    assertSame(filter, container.getScheduledExecutorService(), "a second install wraps nothing again");
  }

  @Test
  void leavesAnythingButTyrusAlone() {
    assertFalse(IdleChecks.install(new Object()));
  }

  @Test
  void aNoDelayIdleCheckNeverReachesTheExecutor() throws Exception {
    ScheduledExecutorService filter = filterOver(pool);

    // A check of no session at all: run, it would fail on the missing session.
    ScheduledFuture<?> skipped = filter.schedule(idleCheck(), 0, TimeUnit.MILLISECONDS);

    assertTrue(skipped.isDone());
    assertFalse(skipped.cancel(true));
    assertEquals(0, pool.getTaskCount(), "nothing was scheduled");
  }

  @Test
  void anIdleCheckWithATimeoutAndEveryOtherTaskAreScheduled() throws Exception {
    ScheduledExecutorService filter = filterOver(pool);
    CountDownLatch ran = new CountDownLatch(1);

    ScheduledFuture<?> timed = filter.schedule(idleCheck(), 1, TimeUnit.HOURS);
    filter.schedule(ran::countDown, 0, TimeUnit.MILLISECONDS);

    assertTrue(ran.await(10, TimeUnit.SECONDS), "a task of no delay that is not an idle check runs");
    assertEquals(1, pool.getQueue().size(), "the idle check of a session with a timeout waits its turn");
    assertTrue(timed.cancel(false));
  }

  private ScheduledExecutorService filterOver(ScheduledExecutorService executor) throws Exception {
    var field = org.glassfish.tyrus.core.BaseContainer.class.getDeclaredField("managedScheduledExecutorService");
    field.setAccessible(true);
    field.set(container, executor);
    assertTrue(IdleChecks.install(container));
    return container.getScheduledExecutorService();
  }

  private static Runnable idleCheck() throws ReflectiveOperationException {
    Class<?> type = Class.forName("org.glassfish.tyrus.core.TyrusSession$IdleTimeoutCommand");
    Constructor<?> constructor = type.getDeclaredConstructors()[0];
    constructor.setAccessible(true);
    return (Runnable) constructor.newInstance((Object) null);
  }
}
