package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CONTRACT §2 against the real WAR on Payara Micro and PostgreSQL. */
class AuthIT extends DeployedWar {



  @Test
  void loginAnswersTokensAndTheUser() {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    JsonObject session = fixture.login(alice.username(), Fixture.PASSWORD);
    assertEquals("Bearer", session.getString("token_type"));
    assertTrue(session.getInt("expires_in") > 0);
    assertFalse(session.getString("refresh_token").isBlank());
    JsonObject user = session.getJsonObject("user");
    assertEquals(alice.id(), user.getJsonNumber("id").longValue());
    assertEquals(alice.username(), user.getString("username"));
    assertEquals(company, user.getJsonNumber("company_id").longValue());
    assertTrue(user.getString("company_name").startsWith("Company-"));
    assertEquals("Name " + alice.username(), user.getString("display_name"));
    assertEquals("EMPLOYEE", user.getString("role"));

    Api.Reply me = api.get("api/auth/me", session.getString("access_token"));
    assertEquals(200, me.status(), me::toString);
    assertEquals(user, me.object());
    assertEquals("no-store", me.header("Cache-Control").orElse(""));
  }

  @Test
  void usernamesAreCaseInsensitiveAtLogin() {
    Person alice = fixture.employee(fixture.company());
    assertEquals(alice.id(), fixture.login(alice.username().toUpperCase(), Fixture.PASSWORD)
        .getJsonObject("user").getJsonNumber("id").longValue());
  }

  @Test
  void wrongPasswordUnknownUserAndDeactivatedUserGetOneAnswer() {
    Person alice = fixture.employee(fixture.company());
    Person bob = fixture.employee(alice.companyId());
    fixture.api().patch("api/admin/users/" + bob.id(), fixture.adminToken(), Api.json("active", false));

    Api.Reply wrong = login(alice.username(), "not-the-password");
    Api.Reply unknown = login(Fixture.unique("nobody"), Fixture.PASSWORD);
    Api.Reply deactivated = login(bob.username(), Fixture.PASSWORD);
    for (Api.Reply reply : new Api.Reply[] {wrong, unknown, deactivated}) {
      assertEquals(401, reply.status(), reply::toString);
      assertEquals("invalid_credentials", reply.error());
    }
    assertEquals(wrong.object(), unknown.object());
    assertEquals(wrong.object(), deactivated.object());
  }

  @Test
  void refreshRotatesAndTheOldRefreshTokenStopsWorking() {
    Person alice = fixture.employee(fixture.company());
    Api.Reply first = refresh(alice.refreshToken());
    assertEquals(200, first.status(), first::toString);
    String next = first.object().getString("refresh_token");
    assertNotEquals(alice.refreshToken(), next);
    assertEquals(alice.id(), first.object().getJsonObject("user").getJsonNumber("id").longValue());
    assertEquals(200, api.get("api/auth/me", first.object().getString("access_token")).status());

    Api.Reply replay = refresh(alice.refreshToken());
    assertEquals(401, replay.status(), replay::toString);
    assertEquals("unauthorized", replay.error());
    // A replayed token means theft: the whole session is revoked, the newest token included.
    assertEquals(401, refresh(next).status());
  }

  @Test
  void logoutEndsTheLoginSessionOnly() {
    Person alice = fixture.employee(fixture.company());
    JsonObject other = fixture.login(alice.username(), Fixture.PASSWORD);
    Api.Reply logout = api.post("api/auth/logout", alice.token(), "");
    assertEquals(204, logout.status(), logout::toString);
    assertEquals(401, refresh(alice.refreshToken()).status());
    assertEquals(200, refresh(other.getString("refresh_token")).status());
  }

  @Test
  void protectedCallsWithoutATokenAnswer401WithTheErrorBody() {
    for (String path : new String[] {"api/auth/me", "api/chat/users/", "api/chat/unread",
        "api/admin/companies", "api/chat/messages/?after=0"}) {
      Api.Reply reply = api.get(path, null);
      assertEquals(401, reply.status(), path + " " + reply);
      assertEquals("unauthorized", reply.error());
      assertFalse(reply.object().getString("message").isBlank());
    }
    Api.Reply logout = api.post("api/auth/logout", null, "");
    assertEquals(401, logout.status(), logout::toString);
  }

  @Test
  void forgedTokensAreRefusedOnEveryPath() throws Exception {
    Person alice = fixture.employee(fixture.company());
    Person bob = fixture.employee(alice.companyId());
    var claims = Tokens.claims(alice.id(), alice.username(), "EMPLOYEE");
    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("alg none", Tokens.algNone(claims.build()));
    forged.put("HS256, arbitrary secret", Tokens.hs256(claims.build(),
        "an-arbitrary-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8)));
    forged.put("HS256 keyed with the public key", Tokens.hs256(claims.build(),
        ((RSAPublicKey) Tokens.serverKeys().getPublic()).getEncoded()));
    forged.put("tampered payload", Tokens.tampered(alice.token(), bob.id()));
    forged.put("signature stripped", Tokens.stripped(alice.token()));
    forged.put("wrong issuer", Tokens.signedByServer(claims.issuer("someone-else").build()));
    forged.put("expired", Tokens.signedByServer(Tokens.claims(alice.id(), alice.username(), "EMPLOYEE")
        .issueTime(Date.from(Instant.now().minusSeconds(7200)))
        .expirationTime(Date.from(Instant.now().minusSeconds(3600))).build()));
    forged.put("garbage", "not-a-jwt");

    assertEquals(200, api.get("api/chat/users/", Tokens.signedByServer(
        Tokens.claims(alice.id(), alice.username(), "EMPLOYEE").build())).status(),
        "the control: a well-formed token signed by the server's key is accepted");
    forged.forEach((what, token) -> {
      for (String path : new String[] {"api/auth/me", "api/chat/users/", "api/admin/companies"}) {
        Api.Reply reply = api.get(path, token);
        assertEquals(401, reply.status(), what + " on " + path + ": " + reply);
        assertEquals("unauthorized", reply.error(), what);
      }
    });
  }

  @Test
  void aDeactivatedUsersStillValidTokenIsRefusedAtOnce() {
    Person alice = fixture.employee(fixture.company());
    assertEquals(200, api.get("api/chat/users/", alice.token()).status());
    Api.Reply patch = api.patch("api/admin/users/" + alice.id(), fixture.adminToken(), Api.json("active", false));
    assertEquals(200, patch.status(), patch::toString);
    assertFalse(patch.object().getBoolean("active"));

    Api.Reply refused = api.get("api/chat/users/", alice.token());
    assertEquals(401, refused.status(), refused::toString);
    assertEquals("unauthorized", refused.error());
    assertEquals(401, refresh(alice.refreshToken()).status());

    api.patch("api/admin/users/" + alice.id(), fixture.adminToken(), Api.json("active", true));
    assertEquals(200, api.get("api/chat/users/", fixture.login(alice.username(), Fixture.PASSWORD)
        .getString("access_token")).status());
  }

  @Test
  void aTokenIssuedForARoleTheUserLostIsRefused() {
    long company = fixture.company();
    Person boss = fixture.person(company, "COMPANY_ADMIN");
    assertEquals(200, api.get("api/admin/companies/" + company + "/users", boss.token()).status());
    api.patch("api/admin/users/" + boss.id(), fixture.adminToken(), Api.json("role", "EMPLOYEE"));
    assertEquals(401, api.get("api/admin/companies/" + company + "/users", boss.token()).status());
    String fresh = fixture.login(boss.username(), Fixture.PASSWORD).getString("access_token");
    assertEquals(403, api.get("api/admin/companies/" + company + "/users", fresh).status());
  }

  @Test
  void malformedLoginBodiesAre400() {
    for (String body : new String[] {"", "{", "[]", "{}", "{\"username\":\"a\"}",
        "{\"username\":1,\"password\":\"x\"}", "{\"username\":\"a\",\"password\":null}"}) {
      Api.Reply reply = api.post("api/auth/login", null, body);
      assertEquals(400, reply.status(), body + " -> " + reply);
      assertEquals("bad_request", reply.error());
    }
    Api.Reply noToken = api.post("api/auth/refresh", null, "{}");
    assertEquals(400, noToken.status(), noToken::toString);
  }

  @Test
  void bruteForceOnOneAccountIsRateLimited() {
    Person alice = fixture.employee(fixture.company());
    Api.Reply last = null;
    for (int i = 0; i < 11; i++) {
      last = login(alice.username(), "guess-" + i);
    }
    assertEquals(429, last.status(), last.toString());
    assertEquals("rate_limited", last.error());
    assertTrue(Long.parseLong(last.header("Retry-After").orElseThrow()) > 0);
    // Even the right password waits: the guesser must not learn it by trying it now.
    assertEquals(429, login(alice.username(), Fixture.PASSWORD).status());
  }

  private Api.Reply login(String username, String password) {
    return api.post("api/auth/login", null, Api.json("username", username, "password", password));
  }

  private Api.Reply refresh(String token) {
    return api.post("api/auth/refresh", null, Api.json("refresh_token", token));
  }
}
