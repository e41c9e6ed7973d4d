package com.companychat.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.companychat.accounts.control.Caller;
import com.companychat.accounts.entity.Role;
import com.companychat.presence.control.PresenceService;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A socket is registered once and unregistered once, in whatever order the container reports its
 * open and close: a client that gives up during the handshake must not leave a socket counted
 * (and its user online) for ever, as 2,000 reconnecting clients once left 216 of them.
 */
class SocketLifecycleTest {
  final List<String> calls = new ArrayList<>();
  final SocketLifecycle lifecycle = new SocketLifecycle();
  boolean sessionOpen = true;
  Runnable duringRegistration = () -> {};
  boolean presenceFails;

  SocketLifecycleTest() {
    lifecycle.order = new DeliveryOrder() {
      @Override
      public void open(Connection connection, long startSeq, boolean resume) {
        calls.add("registered");
        duringRegistration.run();
      }

      @Override
      public void close(Connection connection) {
        calls.add("unregistered");
      }
    };
    lifecycle.presence = new PresenceService() {
      @Override
      public void opened(Caller caller) {
        if (presenceFails) {
          throw new IllegalStateException("database away");
        }
        calls.add("online");
      }

      @Override
      public void closed(Caller caller) {
        calls.add("offline");
      }
    };
  }

  @Test
  void aSocketIsUnregisteredOnceHoweverOftenItsEndIsReported() {
    Connection c = connection();
    lifecycle.open(c, 0, false);
    lifecycle.end(c);
    lifecycle.end(c);
    assertEquals(List.of("registered", "online", "unregistered", "offline"), calls);
  }

  @Test
  void aCloseReportedWhileTheSocketIsStillOpeningIsHonouredOnceOpeningEnds() {
    Connection c = connection();
    duringRegistration = () -> lifecycle.end(c);
    lifecycle.open(c, 0, false);
    lifecycle.end(c);
    assertEquals(List.of("registered", "online", "unregistered", "offline"), calls);
  }

  @Test
  void aSocketWhoseClientLeftBeforeItWasOpenedIsUnregisteredAlthoughNoCloseIsReported() {
    sessionOpen = false;
    lifecycle.open(connection(), 0, false);
    assertEquals(List.of("registered", "online", "unregistered", "offline"), calls);
  }

  @Test
  void aFailedRegistrationIsUndoneAndItsLaterCloseUnregistersNothing() {
    presenceFails = true;
    Connection c = connection();
    assertThrows(IllegalStateException.class, () -> lifecycle.open(c, 0, false));
    lifecycle.end(c);
    assertEquals(List.of("registered", "unregistered"), calls);
  }

  private Connection connection() {
    Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
        (proxy, method, args) -> method.getName().equals("isOpen") ? sessionOpen : null);
    return new Connection(session, new Caller(1, "alice", 7L, Role.EMPLOYEE), Runnable::run);
  }
}
