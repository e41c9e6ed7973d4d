package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §6.7 on one instance: a socket ends with its login session (logout, a replayed
 * refresh token, a password change, deactivation: 1008 within 5 s), and the {@code auth} frame.
 */
class SessionSocketsIT extends DeployedWar {
  static final long WITHIN_MS = 5_000;

  @Test
  void logoutClosesThatSessionsSocketsOnly() throws Exception {
    Person alice = fixture.employee(fixture.company());
    String otherToken = fixture.login(alice.username(), Fixture.PASSWORD).getString("access_token");
    try (SocketClient phone = SocketClient.connect(api, alice.token());
         SocketClient laptop = SocketClient.connect(api, otherToken)) {
      phone.settle();
      laptop.settle();
      assertEquals(204, api.post("api/auth/logout", alice.token(), "").status());
      assertClosedWithin(1008, phone);
      laptop.assertUsable();
      assertEquals(401, api.get("api/auth/me", alice.token()).status(), "the ended session's token");
      assertEquals(401, SocketClient.handshakeStatus(SocketClient.socketUri(api, "ws/chat/"),
          "Bearer " + alice.token()));
      assertEquals(200, api.get("api/auth/me", otherToken).status());
    }
  }

  @Test
  void aReplayedRefreshTokenClosesTheSessionsSockets() throws Exception {
    Person alice = fixture.employee(fixture.company());
    try (SocketClient socket = SocketClient.connect(api, alice.token())) {
      socket.settle();
      assertEquals(200, refresh(alice.refreshToken()).status());
      assertEquals(401, refresh(alice.refreshToken()).status(), "the replay");
      assertClosedWithin(1008, socket);
    }
  }

  @Test
  void changingMyPasswordClosesEveryOtherSessionsSocketsAndKeepsMine() throws Exception {
    Person alice = fixture.employee(fixture.company());
    JsonObject other = fixture.login(alice.username(), Fixture.PASSWORD);
    try (SocketClient mine = SocketClient.connect(api, alice.token());
         SocketClient theirs = SocketClient.connect(api, other.getString("access_token"))) {
      mine.settle();
      theirs.settle();
      Api.Reply changed = api.post("api/auth/password", alice.token(),
          Api.json("current_password", Fixture.PASSWORD, "new_password", "my-own-pass-2"));
      assertEquals(204, changed.status(), changed::toString);
      assertClosedWithin(1008, theirs);
      mine.assertUsable();
      assertEquals(401, api.get("api/auth/me", other.getString("access_token")).status());
      assertEquals(401, refresh(other.getString("refresh_token")).status());
      assertEquals(200, api.get("api/auth/me", alice.token()).status());
      fixture.login(alice.username(), "my-own-pass-2");
    }
  }

  @Test
  void deactivationClosesEverySocketOfTheUser() throws Exception {
    Person alice = fixture.employee(fixture.company());
    String otherToken = fixture.login(alice.username(), Fixture.PASSWORD).getString("access_token");
    try (SocketClient one = SocketClient.connect(api, alice.token());
         SocketClient two = SocketClient.connect(api, otherToken)) {
      one.settle();
      two.settle();
      api.patch("api/admin/users/" + alice.id(), fixture.adminToken(), Api.json("active", false));
      assertClosedWithin(1008, one);
      assertClosedWithin(1008, two);
    }
  }

  @Test
  void anAuthFrameWithAnotherUsersOrABadTokenIsRefusedAndTheSocketGoesOn() throws Exception {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    String expired = Tokens.signedByServer(Tokens.claims(alice.id(), alice.username(), "EMPLOYEE")
        .expirationTime(new java.util.Date(System.currentTimeMillis() - 120_000)).build());
    try (SocketClient socket = SocketClient.connect(api, alice.token())) {
      socket.settle();
      for (String token : new String[] {bob.token(), "not-a-token", expired, ""}) {
        socket.send(Api.json("type", "auth", "token", token));
        JsonObject error = socket.await("error");
        assertEquals("unauthorized", error.getString("code"), token);
        socket.assertUsable();
      }
      socket.send("{\"type\":\"auth\"}");
      assertEquals("bad_request", socket.await("error").getString("code"));
      socket.send(Api.json("type", "auth", "token", fixture.login(alice.username(), Fixture.PASSWORD)
          .getString("access_token")));
      socket.expectNone("error", 500);
      socket.assertUsable();
    }
  }

  private Api.Reply refresh(String refreshToken) {
    return api.post("api/auth/refresh", null, Api.json("refresh_token", refreshToken));
  }

  static void assertClosedWithin(int code, SocketClient socket) throws Exception {
    long start = System.nanoTime();
    CloseReason reason = socket.awaitClose();
    long ms = (System.nanoTime() - start) / 1_000_000;
    SocketClient.assertCloseCode(code, reason);
    assertTrue(ms < WITHIN_MS, "closed after " + ms + " ms");
  }
}
