package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forged, tampered and misused tokens against every protected REST call and the socket
 * handshake (CONTRACT §2, §5; RELIABILITY-CASES 6–8). AuthIT and SocketIT hold the basic cases
 * on a few paths; here every forgery meets every call, with the platform admin's identity too,
 * and each refusal must also have changed nothing.
 */
class JwtAttackIT extends DeployedWar {
  static final String MARKER = "jwt-attack-";

  Person alice;
  Person bob;
  long adminId;
  String marker;

  /** One protected call of CONTRACT §2–4. */
  record Call(String method, String path, String body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  @BeforeEach
  void setUp() {
    long company = fixture.company();
    alice = fixture.employee(company);
    bob = fixture.employee(company);
    adminId = api.get("api/auth/me", fixture.adminToken()).object().getJsonNumber("id").longValue();
    marker = Fixture.unique(MARKER);
  }

  @Test
  void everyForgeryIsRefusedWith401OnEveryProtectedCallAndChangesNothing() throws Exception {
    KeyPair attacker = Tokens.attackerKeys();
    try (BaitKeyServer keys = new BaitKeyServer(attacker)) {
      Map<String, String> forged = new LinkedHashMap<>();
      forged.putAll(forgeries("alice: ", alice.id(), alice.username(), "EMPLOYEE", alice.token(), attacker, keys));
      forged.putAll(forgeries("admin: ", adminId, Fixture.ADMIN, "PLATFORM_ADMIN", fixture.adminToken(), attacker, keys));
      List<Call> calls = protectedCalls();
      int refused = 0;
      for (Map.Entry<String, String> token : forged.entrySet()) {
        for (Call call : calls) {
          Api.Reply reply = call(call, "Bearer " + token.getValue());
          assertEquals(401, reply.status(), token.getKey() + " on " + call + ": " + reply);
          assertEquals("unauthorized", reply.error(), token.getKey() + " on " + call);
          assertEquals("Bearer", reply.header("WWW-Authenticate").orElse(""), token.getKey() + " on " + call);
          refused++;
        }
      }
      assertEquals(forged.size() * calls.size(), refused);
      assertEquals(0, keys.requests(), "no key named by a token's jku/x5u header was ever fetched");
    }
    assertNothingChanged();
  }

  @Test
  void theControlTokensAreAccepted() throws Exception {
    // Proves the forgeries above fail for what they forge, not for a mistake in the harness.
    String asAlice = Tokens.signedByServer(Tokens.claims(alice.id(), alice.username(), "EMPLOYEE").build());
    String asAdmin = Tokens.signedByServer(Tokens.claims(adminId, Fixture.ADMIN, "PLATFORM_ADMIN").build());
    assertEquals(200, api.get("api/chat/users/", asAlice).status());
    assertEquals(200, api.get("api/admin/companies", asAdmin).status());
    URI socket = SocketClient.socketUri(api, "ws/chat/");
    assertEquals(101, SocketClient.handshakeStatus(socket, "Bearer " + asAlice));
  }

  @Test
  void everyForgeryIsRefusedAtTheHandshakeWith401AndOpensNoSession() throws Exception {
    KeyPair attacker = Tokens.attackerKeys();
    URI socket = SocketClient.socketUri(api, "ws/chat/");
    try (BaitKeyServer keys = new BaitKeyServer(attacker);
         SocketClient watcher = SocketClient.connect(api, bob.token())) {
      watcher.settle();
      Map<String, String> forged = forgeries("", alice.id(), alice.username(), "EMPLOYEE", alice.token(), attacker, keys);
      for (Map.Entry<String, String> token : forged.entrySet()) {
        assertEquals(401, SocketClient.handshakeStatus(socket, "Bearer " + token.getValue()), token.getKey());
        URI query = SocketClient.socketUri(api, "ws/chat/?token="
            + URLEncoder.encode(token.getValue(), StandardCharsets.UTF_8));
        assertEquals(401, SocketClient.handshakeStatus(query, null), token.getKey() + ", as ?token=");
      }
      assertEquals(401, SocketClient.handshakeStatus(socket, "Basic " + Base64.getEncoder()
          .encodeToString((alice.username() + ":" + Fixture.PASSWORD).getBytes(StandardCharsets.UTF_8))), "Basic");
      assertEquals(0, keys.requests(), "no key named by a token was fetched");
      // No session: alice was never announced online, and the directory says offline.
      watcher.expectNone("user_status", f -> f.getJsonNumber("user_id").longValue() == alice.id(), 300);
      assertFalse(colleague(bob, alice).getBoolean("is_online"));
    }
  }

  @Test
  void aTokenTooLargeForTheHeaderLimitIsRefusedBeforeAuthentication() throws Exception {
    // Payara's HTTP listener refuses a request head over 8 KiB itself: a 4xx, never a session.
    String huge = "Bearer " + "x".repeat(10_000);
    int handshake = SocketClient.handshakeStatus(SocketClient.socketUri(api, "ws/chat/"), huge);
    assertTrue(handshake == 400 || handshake == 431 || handshake == 401, "handshake " + handshake);
    Api.Reply rest = api.send(api.request("api/chat/users/", null).header("Authorization", huge));
    assertTrue(rest.status() == 400 || rest.status() == 431 || rest.status() == 401, rest::toString);
    assertEquals(200, api.get("api/chat/users/", alice.token()).status(), "and the server goes on");
  }

  @Test
  void refreshAndAccessTokensAreNotInterchangeable() {
    Api.Reply accessAsRefresh = api.post("api/auth/refresh", null, Api.json("refresh_token", alice.token()));
    assertEquals(401, accessAsRefresh.status(), accessAsRefresh::toString);
    assertEquals("unauthorized", accessAsRefresh.error());
    Api.Reply refreshAsAccess = api.get("api/auth/me", alice.refreshToken());
    assertEquals(401, refreshAsAccess.status(), refreshAsAccess::toString);
    assertEquals(401, SocketClient.handshakeStatus(SocketClient.socketUri(api, "ws/chat/"),
        "Bearer " + alice.refreshToken()));
    assertEquals(200, api.post("api/auth/refresh", null, Api.json("refresh_token", alice.refreshToken())).status(),
        "the refresh token itself still works once");
  }

  @Test
  void racingRefreshesWithOneTokenRotateItExactlyOnce() throws Exception {
    int racers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Api.Reply>> calls = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      calls.add(() -> {
        start.await();
        return api.post("api/auth/refresh", null, Api.json("refresh_token", alice.refreshToken()));
      });
    }
    List<Future<Api.Reply>> replies = calls.stream().map(pool::submit).toList();
    start.countDown();
    int rotated = 0;
    for (Future<Api.Reply> reply : replies) {
      Api.Reply r = reply.get();
      assertTrue(r.status() == 200 || r.status() == 401, r::toString);
      rotated += r.status() == 200 ? 1 : 0;
    }
    pool.shutdown();
    assertEquals(1, rotated, "one refresh token buys one new session pair, however many race");
  }

  @Test
  void aTokenSentAnywhereButTheAuthorizationHeaderDoesNotAuthenticateRest() {
    Api.Reply query = api.get("api/chat/users/?access_token=" + alice.token(), null);
    assertEquals(401, query.status(), query::toString);
    Api.Reply cookie = api.send(api.request("api/chat/users/", null).header("Cookie", "token=" + alice.token()));
    assertEquals(401, cookie.status(), cookie::toString);
    Api.Reply twoSchemes = api.send(api.request("api/chat/users/", null)
        .header("Authorization", "Bearer garbage, Bearer " + alice.token()));
    assertEquals(401, twoSchemes.status(), twoSchemes::toString);
  }

  /** What an attacker builds for one identity: every way of faking or bending a signature. */
  private Map<String, String> forgeries(String prefix, long userId, String username, String role, String real,
      KeyPair attacker, BaitKeyServer keys) throws Exception {
    JWTClaimsSet claims = Tokens.claims(userId, username, role).build();
    byte[] pem = Tokens.serverPublicKeyFile();
    byte[] der = ((RSAPublicKey) Tokens.serverKeys().getPublic()).getEncoded();
    Instant now = Instant.now();
    Map<String, String> forged = new LinkedHashMap<>();
    for (String none : new String[] {"none", "None", "NONE", "nOnE"}) {
      forged.put("alg " + none, Tokens.unsigned(none, claims, ""));
    }
    forged.put("alg none, real signature kept", Tokens.unsigned("none", claims, real.substring(real.lastIndexOf('.') + 1)));
    forged.put("HS256, arbitrary secret", Tokens.hmac(hs("HS256"), claims, "HmacSHA256",
        "an-arbitrary-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8)));
    forged.put("HS256 keyed with the public key PEM file", Tokens.hmac(hs("HS256"), claims, "HmacSHA256", pem));
    forged.put("HS384 keyed with the public key PEM file", Tokens.hmac(hs("HS384"), claims, "HmacSHA384", pem));
    forged.put("HS512 keyed with the public key PEM file", Tokens.hmac(hs("HS512"), claims, "HmacSHA512", pem));
    forged.put("HS256 keyed with the public key DER", Tokens.hmac(hs("HS256"), claims, "HmacSHA256", der));
    forged.put("HS256 keyed with the public key base64", Tokens.hmac(hs("HS256"), claims, "HmacSHA256",
        Base64.getEncoder().encode(der)));
    forged.put("HS256, kid pointing at /dev/null, empty key", Tokens.hmac(
        "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"../../../../../../dev/null\"}", claims, "HmacSHA256", new byte[1]));
    forged.put("RS256 by the attacker, key embedded as jwk", Tokens.rs256(new JWSHeader.Builder(JWSAlgorithm.RS256)
        .type(JOSEObjectType.JWT).jwk(new RSAKey.Builder((RSAPublicKey) attacker.getPublic()).build()).build(),
        claims, attacker));
    forged.put("RS256 by the attacker, key at jku", Tokens.rs256(new JWSHeader.Builder(JWSAlgorithm.RS256)
        .type(JOSEObjectType.JWT).jwkURL(keys.uri("/jwks.json")).keyID("attacker").build(), claims, attacker));
    forged.put("RS256 by the attacker, key at x5u", Tokens.rs256(new JWSHeader.Builder(JWSAlgorithm.RS256)
        .type(JOSEObjectType.JWT).x509CertURL(keys.uri("/cert.pem")).build(), claims, attacker));
    forged.put("RS256 by the attacker, plain", Tokens.rs256(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims, attacker));
    forged.put("payload tampered: role raised", Tokens.escalated(real, "PLATFORM_ADMIN".equals(role) ? "EMPLOYEE" : "PLATFORM_ADMIN"));
    forged.put("payload tampered: another user", Tokens.tampered(real, bob.id()));
    forged.put("signature stripped", Tokens.stripped(real));
    forged.put("another token's signature", Tokens.withSignatureOf(Tokens.signedByServer(claims), bob.token()));
    forged.put("expired", Tokens.signedByServer(Tokens.claims(userId, username, role)
        .issueTime(Date.from(now.minusSeconds(7200))).expirationTime(Date.from(now.minusSeconds(3600))).build()));
    forged.put("expired two minutes ago", Tokens.signedByServer(Tokens.claims(userId, username, role)
        .issueTime(Date.from(now.minusSeconds(1000))).expirationTime(Date.from(now.minusSeconds(120))).build()));
    forged.put("no exp", Tokens.signedByServer(Tokens.claims(userId, username, role).expirationTime(null).build()));
    forged.put("iat an hour ahead", Tokens.signedByServer(Tokens.claims(userId, username, role)
        .issueTime(Date.from(now.plusSeconds(3600))).expirationTime(Date.from(now.plusSeconds(4200))).build()));
    forged.put("nbf an hour ahead", Tokens.signedByServer(Tokens.claims(userId, username, role)
        .notBeforeTime(Date.from(now.plusSeconds(3600))).build()));
    forged.put("wrong issuer", Tokens.signedByServer(Tokens.claims(userId, username, role).issuer("someone-else").build()));
    forged.put("issuer with a trailing space", Tokens.signedByServer(Tokens.claims(userId, username, role)
        .issuer("company-chat ").build()));
    forged.put("no issuer", Tokens.signedByServer(Tokens.claims(userId, username, role).issuer(null).build()));
    forged.put("signed by the server, unknown user", Tokens.signedByServer(Tokens.claims(999_999_999L, "ghost", role).build()));
    forged.put("signed by the server, sub not a number", Tokens.signedByServer(Tokens.claims(userId, username, role)
        .subject(username).build()));
    forged.put("signed by the server, two roles", Tokens.signedByServer(Tokens.claims(userId, username, role)
        .claim("groups", List.of(role, "PLATFORM_ADMIN".equals(role) ? "EMPLOYEE" : "PLATFORM_ADMIN")).build()));
    forged.put("five-part JWE shape", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aaaa.bbbb.cccc");
    forged.put("4 KB of garbage", "x".repeat(4_000));
    Map<String, String> named = new LinkedHashMap<>();
    forged.forEach((what, token) -> named.put(prefix + what, token));
    return named;
  }

  private static String hs(String alg) {
    return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
  }

  /** Every call that requires a token, with a body that would succeed for the real caller. */
  private List<Call> protectedCalls() {
    long company = alice.companyId();
    return List.of(
        new Call("GET", "api/auth/me", null),
        new Call("POST", "api/auth/logout", ""),
        new Call("GET", "api/chat/users/", null),
        new Call("GET", "api/chat/conversation/" + bob.id() + "/", null),
        new Call("POST", "api/chat/send/", Api.json("receiver_id", bob.id(), "message", marker).toString()),
        new Call("GET", "api/chat/unread/", null),
        new Call("POST", "api/chat/mark-read/", Api.json("sender_id", bob.id()).toString()),
        new Call("GET", "api/chat/messages/?after=0", null),
        new Call("GET", "api/admin/companies", null),
        new Call("POST", "api/admin/companies", Api.json("name", marker).toString()),
        new Call("GET", "api/admin/companies/" + company + "/users", null),
        new Call("POST", "api/admin/companies/" + company + "/users",
            Api.json("username", marker, "password", Fixture.PASSWORD).toString()),
        new Call("PATCH", "api/admin/users/" + bob.id(), Api.json("display_name", marker).toString()));
  }

  private Api.Reply call(Call call, String authorization) {
    HttpRequest.Builder request = api.request(call.path(), null).header("Authorization", authorization);
    if (call.body() != null) {
      request.header("Content-Type", "application/json")
          .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()));
    } else {
      request.method(call.method(), HttpRequest.BodyPublishers.noBody());
    }
    return api.send(request);
  }

  private void assertNothingChanged() {
    assertEquals(0, Fixture.countMessages("text = '" + marker + "'"), "no forged send was stored");
    JsonObject me = api.get("api/auth/me", bob.token()).object();
    assertEquals("Name " + bob.username(), me.getString("display_name"), "no forged PATCH applied");
    assertFalse(api.get("api/admin/companies", fixture.adminToken()).raw().body().contains(marker),
        "no forged company created");
    assertFalse(api.get("api/admin/companies/" + alice.companyId() + "/users", fixture.adminToken()).raw().body()
        .contains(marker), "no forged user created");
    assertEquals(200, api.post("api/auth/refresh", null, Api.json("refresh_token", alice.refreshToken())).status(),
        "no forged logout ended alice's session");
  }

  private JsonObject colleague(Person viewer, Person listed) {
    return api.get("api/chat/users/", viewer.token()).array().getValuesAs(JsonObject.class).stream()
        .filter(u -> u.getJsonNumber("id").longValue() == listed.id()).findFirst().orElseThrow();
  }
}
