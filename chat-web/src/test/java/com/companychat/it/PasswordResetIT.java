package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §6.7: a password an admin sets on an existing account is one-time and visible to its
 * owner; the owner's own password change; the audit trail of admin actions.
 */
class PasswordResetIT extends DeployedWar {
  private static final String RESET = "reset-by-admin-1";

  @Test
  void anAdminResetEndsEverySessionAndTheNextLoginMayOnlyChooseANewPassword() throws Exception {
    long company = fixture.company();
    Person boss = fixture.person(company, "COMPANY_ADMIN");
    Person alice = fixture.employee(company);
    try (SocketClient socket = SocketClient.connect(api, alice.token())) {
      socket.settle();
      Instant before = Instant.now().minusSeconds(1);
      assertEquals(200, api.patch("api/admin/users/" + alice.id(), boss.token(), Api.json("password", RESET)).status());
      SessionSocketsIT.assertClosedWithin(1008, socket);
      assertEquals(401, api.get("api/auth/me", alice.token()).status());
      assertEquals(401, refresh(alice.refreshToken()).status());

      JsonObject login = fixture.login(alice.username(), RESET);
      assertTrue(login.getBoolean("password_change_required"));
      assertEquals(boss.username(), login.getString("password_reset_by"));
      Instant at = Instant.parse(login.getString("password_reset_at"));
      assertTrue(!at.isBefore(before) && at.isBefore(Instant.now().plusSeconds(1)), at::toString);
      String token = login.getString("access_token");
      for (String path : List.of("api/auth/me", "api/chat/users/", "api/chat/unread", "api/admin/audit/")) {
        Api.Reply refused = api.get(path, token);
        assertEquals(403, refused.status(), path + " " + refused);
        assertEquals("password_change_required", refused.error());
      }
      Api.Reply send = api.post("api/chat/send/", token, Api.json("receiver_id", boss.id(), "message", "x"));
      assertEquals("password_change_required", send.error());
      assertEquals(403, SocketClient.handshakeStatus(SocketClient.socketUri(api, "ws/chat/"), "Bearer " + token));

      Api.Reply chosen = api.post("api/auth/password/", token, Api.json("new_password", "alices-own-pass"));
      assertEquals(204, chosen.status(), chosen::toString);
      assertEquals(200, api.get("api/chat/users/", token).status());
      JsonObject next = fixture.login(alice.username(), "alices-own-pass");
      assertFalse(next.getBoolean("password_change_required"));
      assertEquals(JsonValue.NULL, next.get("password_reset_by"));
      assertEquals(401, api.post("api/auth/login", null, Api.json("username", alice.username(), "password", RESET)).status());
    }
  }

  @Test
  void creatingAnAccountWithItsFirstPasswordIsNotAReset() {
    Person alice = fixture.employee(fixture.company());
    JsonObject login = fixture.login(alice.username(), Fixture.PASSWORD);
    assertFalse(login.getBoolean("password_change_required"));
    assertEquals(200, api.get("api/chat/users/", login.getString("access_token")).status());
  }

  @Test
  void myOwnPasswordChangeNeedsTheCurrentPasswordAndAGoodNewOne() {
    Person alice = fixture.employee(fixture.company());
    Api.Reply noCurrent = api.post("api/auth/password", alice.token(), Api.json("new_password", "new-pass-123"));
    assertEquals(400, noCurrent.status(), noCurrent::toString);
    Api.Reply wrong = api.post("api/auth/password", alice.token(),
        Api.json("current_password", "wrong-password", "new_password", "new-pass-123"));
    assertEquals(403, wrong.status(), wrong::toString);
    assertEquals("forbidden", wrong.error());
    Api.Reply tooShort = api.post("api/auth/password", alice.token(),
        Api.json("current_password", Fixture.PASSWORD, "new_password", "short"));
    assertEquals(400, tooShort.status(), tooShort::toString);
    assertEquals(400, api.post("api/auth/password", alice.token(), "{").status());
    assertEquals(401, api.post("api/auth/password", null, Api.json("new_password", "new-pass-123")).status());
    fixture.login(alice.username(), Fixture.PASSWORD);
  }

  @Test
  void theAuditTrailNamesEveryAdminActionAndNoContent() {
    long company = fixture.company();
    Person boss = fixture.person(company, "COMPANY_ADMIN");
    Person alice = fixture.employee(company);
    api.patch("api/admin/users/" + alice.id(), boss.token(), Api.json("display_name", "Secret Name", "password", RESET));
    api.patch("api/admin/users/" + alice.id(), boss.token(), Api.json("active", false));

    Api.Reply reply = api.get("api/admin/audit/?company_id=" + company, boss.token());
    assertEquals(200, reply.status(), reply::toString);
    JsonArray trail = reply.array();
    List<String> actions = trail.stream().map(v -> v.asJsonObject().getString("action")).toList();
    assertEquals(List.of("user_deactivated", "password_reset", "user_renamed", "user_created", "user_created"),
        actions.subList(0, 5));
    JsonObject reset = trail.getJsonObject(1);
    assertEquals(java.util.Set.of("id", "at", "actor_id", "actor_username", "action", "target_user_id", "company_id"),
        reset.keySet());
    assertEquals(boss.id(), reset.getJsonNumber("actor_id").longValue());
    assertEquals(boss.username(), reset.getString("actor_username"));
    assertEquals(alice.id(), reset.getJsonNumber("target_user_id").longValue());
    assertEquals(company, reset.getJsonNumber("company_id").longValue());
    assertTrue(Duration.between(Instant.parse(reset.getString("at")), Instant.now()).abs().toMinutes() < 5);
    assertFalse(reply.raw().body().contains("Secret Name"), "no content in the trail");
    assertFalse(reply.raw().body().contains(RESET), "no password in the trail");

    long newest = trail.getJsonObject(0).getJsonNumber("id").longValue();
    JsonArray page = api.get("api/admin/audit?company_id=" + company + "&before=" + newest + "&limit=1", boss.token()).array();
    assertEquals(1, page.size());
    assertEquals("password_reset", page.getJsonObject(0).getString("action"));
    assertEquals(actions, api.get("api/admin/audit/", boss.token()).array().stream()
        .map(v -> v.asJsonObject().getString("action")).toList(), "a company admin's default is their company");
  }

  @Test
  void theAuditTrailIsForAdminsOfThatCompanyAndThePlatformAdmin() {
    long company = fixture.company();
    long otherCompany = fixture.company();
    Person boss = fixture.person(company, "COMPANY_ADMIN");
    Person employee = fixture.employee(company);
    Person stranger = fixture.person(otherCompany, "COMPANY_ADMIN");

    assertEquals(403, api.get("api/admin/audit/?company_id=" + company, employee.token()).status());
    Api.Reply foreign = api.get("api/admin/audit/?company_id=" + company, stranger.token());
    assertEquals(404, foreign.status(), foreign::toString);
    assertEquals(404, api.get("api/admin/audit/?company_id=999999999", boss.token()).status());
    assertEquals(400, api.get("api/admin/audit/?limit=0", boss.token()).status());
    assertEquals(400, api.get("api/admin/audit/?limit=201", boss.token()).status());
    assertEquals(400, api.get("api/admin/audit/?before=x", boss.token()).status());
    assertTrue(api.get("api/admin/audit/?company_id=" + otherCompany, stranger.token()).array().stream()
        .allMatch(v -> v.asJsonObject().getJsonNumber("company_id").longValue() == otherCompany));

    JsonArray all = api.get("api/admin/audit/?limit=200", fixture.adminToken()).array();
    assertTrue(all.stream().anyMatch(v -> "company_created".equals(v.asJsonObject().getString("action"))
        && v.asJsonObject().getJsonNumber("company_id").longValue() == otherCompany));
    JsonArray mine = api.get("api/admin/audit/?company_id=" + company, fixture.adminToken()).array();
    assertTrue(mine.stream().allMatch(v -> v.asJsonObject().getJsonNumber("company_id").longValue() == company));
    assertEquals(3, mine.size(), "created the company, its admin and its employee");
  }

  private Api.Reply refresh(String refreshToken) {
    return api.post("api/auth/refresh", null, Api.json("refresh_token", refreshToken));
  }
}
