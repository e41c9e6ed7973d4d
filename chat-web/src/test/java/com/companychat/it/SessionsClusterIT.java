package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import com.nimbusds.jwt.SignedJWT;
import jakarta.websocket.CloseReason;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * CONTRACT §6.7 across two instances on one Redis: what ends a session on one instance closes
 * its sockets on the other within 5 s; and a socket's life is its access token's (instance b
 * issues tokens of {@value #TOKEN_SECONDS} s): closed with 4401 after its expiry, unless an
 * {@code auth} frame with a fresh token extended it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsClusterIT {
  static final int TOKEN_SECONDS = 8;

  MicroInstance a;
  MicroInstance b;
  Api apiA;
  Api apiB;
  Fixture fixture;

  @BeforeAll
  void startTwoInstances() throws Exception {
    Fixture.war();
    a = new MicroInstance("sessions-a").start(MicroInstance.testConfig("chat.redis.url=redis://127.0.0.1:6379"));
    b = new MicroInstance("sessions-b").start(MicroInstance.testConfig("chat.redis.url=redis://127.0.0.1:6379",
        "chat.jwt.access-token-seconds=" + TOKEN_SECONDS));
    a.awaitReady();
    b.awaitReady();
    apiA = a.api();
    apiB = b.api();
    fixture = new Fixture(apiA);
  }

  @AfterAll
  void stop() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void logoutOnOneInstanceClosesTheSessionsSocketOnTheOther() throws Exception {
    Person alice = fixture.employee(fixture.company());
    try (SocketClient onB = SocketClient.connect(apiB, alice.token())) {
      onB.settle();
      assertEquals(204, apiA.post("api/auth/logout", alice.token(), "").status());
      SessionSocketsIT.assertClosedWithin(1008, onB);
    }
  }

  @Test
  void deactivationOnOneInstanceClosesTheUsersSocketsOnTheOther() throws Exception {
    Person alice = fixture.employee(fixture.company());
    try (SocketClient onB = SocketClient.connect(apiB, alice.token())) {
      onB.settle();
      apiA.patch("api/admin/users/" + alice.id(), fixture.adminToken(), Api.json("active", false));
      SessionSocketsIT.assertClosedWithin(1008, onB);
    }
  }

  @Test
  void aSocketWhoseTokenExpiresUnrefreshedClosesWith4401AfterItsExpiry() throws Exception {
    Person alice = fixture.employee(fixture.company());
    String token = new Fixture(apiB).login(alice.username(), Fixture.PASSWORD).getString("access_token");
    Instant exp = expiryOf(token);
    try (SocketClient socket = SocketClient.connect(apiB, token)) {
      socket.settle();
      CloseReason reason = awaitCloseAfter(socket, exp);
      Instant closedAt = Instant.now();
      SocketClient.assertCloseCode(4401, reason);
      assertTrue(!closedAt.isBefore(exp), "closed at " + closedAt + ", token valid until " + exp);
    }
  }

  @Test
  void anAuthFrameWithAFreshTokenKeepsTheSocketOpenPastTheOldExpiry() throws Exception {
    Person alice = fixture.employee(fixture.company());
    var session = new Fixture(apiB).login(alice.username(), Fixture.PASSWORD);
    String first = session.getString("access_token");
    Instant oldExp = expiryOf(first);
    try (SocketClient socket = SocketClient.connect(apiB, first)) {
      socket.settle();
      // A token that expires well after the first (JWT expiries count whole seconds).
      Thread.sleep(4_000);
      String fresh = apiB.post("api/auth/refresh", null, Api.json("refresh_token", session.getString("refresh_token")))
          .object().getString("access_token");
      Instant newExp = expiryOf(fresh);
      assertTrue(newExp.isAfter(oldExp), newExp + " after " + oldExp);
      socket.send(Api.json("type", "auth", "token", fresh));
      socket.assertUsable();
      sleepUntil(oldExp.plusMillis(1_000));
      assertTrue(Instant.now().isBefore(newExp), "the machine was too slow for this test's margin");
      socket.assertUsable();
      CloseReason reason = awaitCloseAfter(socket, newExp);
      SocketClient.assertCloseCode(4401, reason);
      assertTrue(!Instant.now().isBefore(newExp));
    }
  }

  private static CloseReason awaitCloseAfter(SocketClient socket, Instant exp) throws Exception {
    sleepUntil(exp.minusMillis(500));
    return socket.awaitClose();
  }

  private static void sleepUntil(Instant when) throws InterruptedException {
    long ms = when.toEpochMilli() - System.currentTimeMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  private static Instant expiryOf(String token) throws Exception {
    return SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
  }
}
