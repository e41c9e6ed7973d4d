package com.companychat.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.accounts.control.Caller;
import com.companychat.accounts.entity.Role;
import com.companychat.events.ChatEvent;
import com.companychat.events.LocalEventBus;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deadlock a reconnect storm found (ReconnectStormIT, thread dump): the container calls a
 * socket's close callback while holding that socket's writer; the presence change raised there
 * was announced on that thread and waited for the user's entry in the presence versions, which
 * an announcement on another thread held while waiting to write to that very socket.
 */
class FanoutDeadlockTest {

  @Test
  void aPresenceChangeRaisedWhileTheContainerHoldsASocketsWriterDoesNotWaitForAnnouncementsToIt()
      throws Exception {
    Object writer = new Object(); // what Tyrus's servlet writer is for a socket
    CountDownLatch writing = new CountDownLatch(1);
    List<String> written = new CopyOnWriteArrayList<>();
    SocketRegistry registry = new SocketRegistry();
    registry.events = new LocalEventBus();
    Fanout fanout = new Fanout();
    fanout.sockets = registry;
    ExecutorService background = Executors.newFixedThreadPool(2);
    fanout.background = background;
    registry.add(socketWritingUnder(writer, new Caller(1, "alice", 7L, Role.EMPLOYEE), writing, written));

    try {
      // bob comes online: an announcement to alice's socket takes bob's entry and writes.
      Thread announcer = new Thread(() -> fanout.deliver(new ChatEvent.PresenceChanged(7, 2, "bob", true, 1)));
      Thread container = new Thread(() -> {
        synchronized (writer) {
          try {
            announcer.start();
            assertTrue(writing.await(30, TimeUnit.SECONDS), "the announcement reached the socket");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          // bob's other socket closes: its change is raised while this socket's writer is held.
          fanout.deliver(new ChatEvent.PresenceChanged(7, 2, "bob", false, 2));
        }
      }, "container");
      container.setDaemon(true);
      announcer.setDaemon(true);
      container.start();

      while (container.isAlive()) {
        assertNull(ManagementFactory.getThreadMXBean().findMonitorDeadlockedThreads(), "threads deadlocked");
        container.join(50);
      }
      background.shutdown();
      assertTrue(background.awaitTermination(30, TimeUnit.SECONDS));
      assertEquals(List.of(status(true), status(false)), written, "both told, in order");
    } finally {
      background.shutdownNow();
    }
  }

  private static String status(boolean online) {
    return "{\"type\":\"user_status\",\"user_id\":2,\"username\":\"bob\",\"is_online\":" + online + "}";
  }

  /** A ready socket whose writes, like Tyrus's, synchronize on its writer. */
  private static Connection socketWritingUnder(Object writer, Caller caller, CountDownLatch writing,
      List<String> written) {
    RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(
        FanoutDeadlockTest.class.getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class},
        (proxy, method, args) -> {
          if (method.getName().equals("sendText") && args.length == 2) {
            writing.countDown();
            synchronized (writer) {
              written.add((String) args[0]);
            }
            ((SendHandler) args[1]).onResult(new SendResult());
          }
          return null;
        });
    Session session = (Session) Proxy.newProxyInstance(FanoutDeadlockTest.class.getClassLoader(),
        new Class<?>[] {Session.class}, (proxy, method, args) -> method.getName().equals("getAsyncRemote") ? async : null);
    Connection connection = new Connection(session, caller, Runnable::run);
    connection.markReady();
    return connection;
  }
}
