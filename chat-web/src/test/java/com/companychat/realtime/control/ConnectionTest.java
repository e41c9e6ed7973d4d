package com.companychat.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.accounts.control.Caller;
import com.companychat.accounts.entity.Role;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The outgoing queue of one socket, driven by a session whose sends complete only when the test
 * says so: that is how a slow receiver looks from the server.
 */
class ConnectionTest {
  final List<String> written = new ArrayList<>();
  final List<SendHandler> pending = new ArrayList<>();
  final AtomicReference<CloseReason> closed = new AtomicReference<>();
  boolean completeAtOnce;

  @Test
  void framesGoOutOneAtATimeInOrder() {
    Connection c = connection();
    c.send("1");
    c.send("2");
    c.send("3");
    assertEquals(List.of("1"), written, "the next frame waits for the previous send to complete");
    completeOne();
    completeOne();
    completeOne();
    assertEquals(List.of("1", "2", "3"), written);
  }

  @Test
  void sendsThatCompleteOnTheCallingThreadDrainTheQueueWithoutRecursion() {
    completeAtOnce = true;
    Connection c = connection();
    for (int i = 0; i < 10_000; i++) {
      c.send(Integer.toString(i));
    }
    assertEquals(10_000, written.size());
    assertEquals("9999", written.get(9_999));
  }

  @Test
  void typingAndPresenceAreShedFirstWhenTheReceiverIsBehind() {
    Connection c = connection();
    for (int i = 0; i <= Connection.SHED_AFTER; i++) {
      c.send("m" + i);
    }
    c.offer("typing");
    c.send("important");
    drain();
    assertTrue(written.contains("important"));
    assertTrue(!written.contains("typing"), "shed while more than " + Connection.SHED_AFTER + " were queued");
    assertNull(closed.get());
  }

  @Test
  void aReceiverTooFarBehindIsClosedWith1013AndNothingMoreIsQueued() {
    Connection c = connection();
    for (int i = 0; i <= Connection.MAX_QUEUED + 1; i++) {
      c.send("m" + i);
    }
    assertEquals(1013, closed.get().getCloseCode().getCode());
    c.send("after close");
    drain();
    assertTrue(written.size() <= 1, "nothing is written after the close; got " + written.size());
  }

  @Test
  void aFailedSendStopsTheQueue() {
    Connection c = connection();
    c.send("1");
    c.send("2");
    pending.remove(0).onResult(new SendResult(new java.io.IOException("reset")));
    drain();
    assertEquals(List.of("1"), written);
  }

  private void completeOne() {
    pending.remove(0).onResult(new SendResult());
  }

  private void drain() {
    while (!pending.isEmpty()) {
      completeOne();
    }
  }

  private Connection connection() {
    RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
          if (method.getName().equals("sendText") && args.length == 2) {
            written.add((String) args[0]);
            SendHandler handler = (SendHandler) args[1];
            if (completeAtOnce) {
              handler.onResult(new SendResult());
            } else {
              pending.add(handler);
            }
          }
          return null;
        });
    Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getAsyncRemote" -> async;
          case "close" -> {
            closed.set((CloseReason) args[0]);
            yield null;
          }
          default -> null;
        });
    return new Connection(session, new Caller(1, "alice", 7L, Role.EMPLOYEE), Runnable::run);
  }
}
