package com.companychat.bench.provision;

import com.companychat.bench.Json;
import jakarta.json.JsonObject;
import java.util.concurrent.CompletableFuture;

/** The calls of CONTRACT §2–3 that provisioning needs: login, create company, create user. */
public final class AdminApi {
  /** Every bench user has this password: the load is not about authentication strength. */
  public static final String PASSWORD = "bench-password-0001";

  private final RestClient rest;

  public AdminApi(RestClient rest) {
    this.rest = rest;
  }

  public RestClient rest() {
    return rest;
  }

  /** @return the login's answer: {@code access_token} and {@code user} */
  public CompletableFuture<JsonObject> login(String username, String password) {
    String body = Json.object().add("username", username).add("password", password).build().toString();
    return rest.post("api/auth/login", null, body).thenApply(r -> expect(r, 200, "login " + username));
  }

  public CompletableFuture<BenchUser> loginUser(String username) {
    return login(username, PASSWORD).thenApply(answer -> {
      JsonObject user = answer.getJsonObject("user");
      return new BenchUser(user.getJsonNumber("id").longValue(), username,
          user.getJsonNumber("company_id").longValue(), answer.getString("access_token"));
    });
  }

  public CompletableFuture<Long> createCompany(String adminToken, String name) {
    String body = Json.object().add("name", name).build().toString();
    return rest.post("api/admin/companies", adminToken, body)
        .thenApply(r -> expect(r, 201, "create company").getJsonNumber("id").longValue());
  }

  /** Creates an employee; an existing username (409) is accepted, so a probe can be re-run. */
  public CompletableFuture<Integer> createUser(String adminToken, long companyId, String username) {
    String body = Json.object().add("username", username).add("password", PASSWORD)
        .add("display_name", "Bench " + username).add("role", "EMPLOYEE").build().toString();
    return rest.post("api/admin/companies/" + companyId + "/users", adminToken, body).thenApply(r -> {
      if (r.status() != 409) {
        expect(r, 201, "create user " + username);
      }
      return r.status();
    });
  }

  /** The id of the company with this name, if the admin can see one. */
  public CompletableFuture<Long> companyNamed(String adminToken, String name) {
    return rest.get("api/admin/companies", adminToken).thenApply(r -> {
      if (r.status() != 200) {
        throw new IllegalStateException("list companies: HTTP " + r.status());
      }
      return jakarta.json.Json.createReader(new java.io.StringReader(r.body())).readArray().stream()
          .map(v -> v.asJsonObject()).filter(c -> c.getString("name").equals(name))
          .map(c -> c.getJsonNumber("id").longValue()).findFirst().orElse(-1L);
    });
  }

  private static JsonObject expect(RestClient.Response response, int status, String what) {
    if (response.status() != status) {
      throw new IllegalStateException(what + ": HTTP " + response.status() + " " + abbreviate(response.body()));
    }
    return Json.parseObject(response.body());
  }

  private static String abbreviate(String body) {
    return body == null || body.length() < 200 ? String.valueOf(body) : body.substring(0, 200);
  }
}
