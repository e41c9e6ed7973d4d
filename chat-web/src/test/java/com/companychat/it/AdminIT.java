package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CONTRACT §3: provisioning and its role rules, against the real WAR. */
class AdminIT extends DeployedWar {


  String admin;

  @BeforeEach
  void setUp() {
    admin = fixture.adminToken();
  }

  @Test
  void thePlatformAdminCreatesAndListsCompanies() {
    String name = Fixture.unique("Initech");
    Api.Reply created = api.post("api/admin/companies", admin, Api.json("name", name));
    assertEquals(201, created.status(), created::toString);
    assertEquals(name, created.object().getString("name"));
    long id = created.object().getJsonNumber("id").longValue();
    fixture.employee(id);
    fixture.employee(id);

    Api.Reply list = api.get("api/admin/companies/", admin);
    assertEquals(200, list.status(), list::toString);
    JsonObject listed = list.array().getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getJsonNumber("id").longValue() == id).findFirst().orElseThrow();
    assertEquals(name, listed.getString("name"));
    assertEquals(2, listed.getInt("user_count"));
  }

  @Test
  void companyNamesAreUniqueRegardlessOfCaseAndMustNotBeBlank() {
    String name = Fixture.unique("Globex");
    assertEquals(201, api.post("api/admin/companies", admin, Api.json("name", name)).status());
    Api.Reply again = api.post("api/admin/companies", admin, Api.json("name", name.toUpperCase()));
    assertEquals(409, again.status(), again::toString);
    assertEquals("conflict", again.error());
    for (String body : new String[] {"{\"name\":\"  \"}", "{}", "{\"name\":5}", "{\"name\":"}) {
      Api.Reply bad = api.post("api/admin/companies", admin, body);
      assertEquals(400, bad.status(), body + " -> " + bad);
      assertEquals("bad_request", bad.error());
    }
  }

  @Test
  void createdUsersComeBackAsUserPlusActive() {
    long company = fixture.company();
    String username = Fixture.unique("carol");
    Api.Reply created = api.post("api/admin/companies/" + company + "/users", admin,
        Api.json("username", username, "password", Fixture.PASSWORD, "display_name", "Carol D", "role", "COMPANY_ADMIN"));
    assertEquals(201, created.status(), created::toString);
    JsonObject user = created.object();
    assertEquals(username, user.getString("username"));
    assertEquals("Carol D", user.getString("display_name"));
    assertEquals(company, user.getJsonNumber("company_id").longValue());
    assertEquals("COMPANY_ADMIN", user.getString("role"));
    assertTrue(user.getBoolean("active"));
    assertFalse(user.getString("company_name").isBlank());
    assertFalse(user.containsKey("password"));
    assertFalse(user.containsKey("password_hash"));

    Api.Reply defaults = api.post("api/admin/companies/" + company + "/users", admin,
        Api.json("username", Fixture.unique("dan"), "password", Fixture.PASSWORD));
    assertEquals(201, defaults.status(), defaults::toString);
    assertEquals("EMPLOYEE", defaults.object().getString("role"));
  }

  @Test
  void usernamesAreUniqueAcrossCompaniesRegardlessOfCase() {
    Person alice = fixture.employee(fixture.company());
    long other = fixture.company();
    Api.Reply taken = api.post("api/admin/companies/" + other + "/users", admin,
        Api.json("username", alice.username().toUpperCase(), "password", Fixture.PASSWORD));
    assertEquals(409, taken.status(), taken::toString);
    assertEquals("conflict", taken.error());
  }

  @Test
  void badUserFieldsAre400() {
    long company = fixture.company();
    List<JsonObject> bodies = List.of(
        Api.json("username", "ab", "password", Fixture.PASSWORD),
        Api.json("username", "has space", "password", Fixture.PASSWORD),
        Api.json("username", Fixture.unique("u"), "password", "short"),
        Api.json("username", Fixture.unique("u"), "password", Fixture.PASSWORD, "role", "PLATFORM_ADMIN"),
        Api.json("username", Fixture.unique("u"), "password", Fixture.PASSWORD, "role", "KING"),
        Api.json("username", Fixture.unique("u"), "password", Fixture.PASSWORD, "display_name", " "),
        Api.json("password", Fixture.PASSWORD),
        Api.json("username", 42, "password", Fixture.PASSWORD));
    for (JsonObject body : bodies) {
      Api.Reply reply = api.post("api/admin/companies/" + company + "/users", admin, body);
      assertEquals(400, reply.status(), body + " -> " + reply);
      assertEquals("bad_request", reply.error());
    }
  }

  @Test
  void aCompanyAdminProvisionsInsideTheirCompanyOnly() {
    long mine = fixture.company();
    long theirs = fixture.company();
    Person boss = fixture.person(mine, "COMPANY_ADMIN");
    Person stranger = fixture.employee(theirs);

    Api.Reply created = api.post("api/admin/companies/" + mine + "/users", boss.token(),
        Api.json("username", Fixture.unique("hire"), "password", Fixture.PASSWORD));
    assertEquals(201, created.status(), created::toString);
    assertEquals(200, api.get("api/admin/companies/" + mine + "/users", boss.token()).status());

    Api.Reply foreign = api.post("api/admin/companies/" + theirs + "/users", boss.token(),
        Api.json("username", Fixture.unique("spy"), "password", Fixture.PASSWORD));
    Api.Reply unknown = api.post("api/admin/companies/999999999/users", boss.token(),
        Api.json("username", Fixture.unique("spy"), "password", Fixture.PASSWORD));
    assertEquals(404, foreign.status(), foreign::toString);
    assertEquals(unknown.object(), foreign.object(), "another company's id reads as an unknown one");
    assertEquals(404, api.get("api/admin/companies/" + theirs + "/users", boss.token()).status());

    Api.Reply patchForeign = api.patch("api/admin/users/" + stranger.id(), boss.token(), Api.json("active", false));
    Api.Reply patchUnknown = api.patch("api/admin/users/999999999", boss.token(), Api.json("active", false));
    assertEquals(404, patchForeign.status(), patchForeign::toString);
    assertEquals(patchUnknown.object(), patchForeign.object());
    assertEquals(200, api.get("api/chat/users/", stranger.token()).status(), "the stranger is untouched");

    assertEquals(403, api.get("api/admin/companies", boss.token()).status());
    assertEquals(403, api.post("api/admin/companies", boss.token(), Api.json("name", Fixture.unique("X"))).status());
  }

  @Test
  void employeesGetForbiddenFromEveryAdminCall() {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    List<Api.Reply> replies = List.of(
        api.get("api/admin/companies", alice.token()),
        api.post("api/admin/companies", alice.token(), Api.json("name", Fixture.unique("X"))),
        api.get("api/admin/companies/" + company + "/users", alice.token()),
        api.post("api/admin/companies/" + company + "/users", alice.token(),
            Api.json("username", Fixture.unique("x"), "password", Fixture.PASSWORD)),
        api.patch("api/admin/users/" + bob.id(), alice.token(), Api.json("active", false)));
    for (Api.Reply reply : replies) {
      assertEquals(403, reply.status(), reply::toString);
      assertEquals("forbidden", reply.error());
    }
  }

  @Test
  void patchChangesNamePasswordRoleAndActive() {
    long company = fixture.company();
    Person alice = fixture.employee(company);
    Api.Reply renamed = api.patch("api/admin/users/" + alice.id(), admin,
        Api.json("display_name", "Alice Renamed", "password", "a-new-password-2"));
    assertEquals(200, renamed.status(), renamed::toString);
    assertEquals("Alice Renamed", renamed.object().getString("display_name"));
    assertTrue(renamed.object().getBoolean("active"));
    assertEquals(401, api.post("api/auth/login", null,
        Api.json("username", alice.username(), "password", Fixture.PASSWORD)).status());
    assertEquals(200, api.post("api/auth/login", null,
        Api.json("username", alice.username(), "password", "a-new-password-2")).status());
    assertEquals(401, api.post("api/auth/refresh", null, Api.json("refresh_token", alice.refreshToken())).status(),
        "a new password ends the old logins");

    Api.Reply promoted = api.patch("api/admin/users/" + alice.id(), admin, Api.json("role", "COMPANY_ADMIN"));
    assertEquals("COMPANY_ADMIN", promoted.object().getString("role"));
    Api.Reply bad = api.patch("api/admin/users/" + alice.id(), admin, Api.json("active", "no"));
    assertEquals(400, bad.status(), bad::toString);
  }

  @Test
  void adminsCannotLockThemselvesOut() {
    Person boss = fixture.person(fixture.company(), "COMPANY_ADMIN");
    Api.Reply reply = api.patch("api/admin/users/" + boss.id(), boss.token(), Api.json("active", false));
    assertEquals(400, reply.status(), reply::toString);
  }

  @Test
  void noAdminAnswerEverCarriesMessageText() {
    long company = fixture.company();
    Person boss = fixture.person(company, "COMPANY_ADMIN");
    Person alice = fixture.employee(company);
    Person bob = fixture.employee(company);
    String secret = Fixture.unique("secret-text");
    fixture.send(alice, bob, secret);
    fixture.send(boss, alice, secret + "-2");

    for (String token : new String[] {admin, boss.token()}) {
      List<Api.Reply> replies = List.of(
          api.get("api/admin/companies/" + company + "/users", token),
          api.patch("api/admin/users/" + bob.id(), token, Api.json("display_name", "Bob")),
          api.post("api/admin/companies/" + company + "/users", token,
              Api.json("username", Fixture.unique("new"), "password", Fixture.PASSWORD)));
      for (Api.Reply reply : replies) {
        assertTrue(reply.status() < 300, reply::toString);
        assertFalse(reply.raw().body().contains(secret), reply::toString);
      }
    }
    Api.Reply companies = api.get("api/admin/companies", admin);
    assertFalse(companies.raw().body().contains(secret));
    JsonValue listed = api.get("api/admin/companies/" + company + "/users", admin).body();
    listed.asJsonArray().getValuesAs(JsonObject.class).forEach(u -> {
      assertTrue(u.containsKey("active"));
      assertTrue(u.containsKey("last_seen"));
    });
  }
}
