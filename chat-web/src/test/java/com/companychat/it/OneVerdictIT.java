package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.companychat.it.Fixture.Person;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * REST, the socket handshake (bearer header and {@code ?token=}) and the socket's {@code auth}
 * frame give one verdict for one token, because one verification decides (issue 11 item 10):
 * MicroProfile JWT's. The instance runs with {@code mp.jwt.verify.token.age}, a setting only
 * MP-JWT knows: a server-signed, unexpired token issued longer ago than that is valid for any
 * verifier of signature, issuer and expiry, and refused by MP-JWT. Had the socket its own
 * verifier (as until this change, {@code TokenVerifier}), that token would open a socket by
 * {@code ?token=} and extend one by {@code auth} while REST refused it.
 */
class OneVerdictIT extends OwnInstance {
  static final int TOKEN_AGE_SECONDS = 300;

  Person alice;

  @Override
  MicroInstance instance() throws Exception {
    return new MicroInstance("one-verdict");
  }

  @Override
  String[] settings() {
    return MicroInstance.testConfig("mp.jwt.verify.token.age=" + TOKEN_AGE_SECONDS);
  }

  @BeforeAll
  void people() {
    alice = fixture.employee(fixture.company());
  }

  /** What each entrance said about one token. */
  record Verdicts(boolean rest, boolean bearerHandshake, boolean queryHandshake, boolean authFrame) {
    static Verdicts all(boolean accepted) {
      return new Verdicts(accepted, accepted, accepted, accepted);
    }
  }

  @Test
  void everyEntranceGivesTheSameVerdictForEveryToken() throws Exception {
    Map<String, String> tokens = tokens();
    Map<String, Verdicts> expected = new LinkedHashMap<>();
    Map<String, Verdicts> actual = new LinkedHashMap<>();
    try (SocketClient socket = SocketClient.connect(api, alice.token())) {
      socket.settle();
      for (Map.Entry<String, String> token : tokens.entrySet()) {
        boolean valid = token.getKey().startsWith("valid");
        expected.put(token.getKey(), Verdicts.all(valid));
        actual.put(token.getKey(), verdicts(token.getValue(), socket));
      }
    }
    assertEquals(expected, actual);
  }

  private Verdicts verdicts(String token, SocketClient socket) throws Exception {
    int rest = api.get("api/chat/users/", token).status();
    int bearer = SocketClient.handshakeStatus(SocketClient.socketUri(api, "ws/chat/"), "Bearer " + token);
    URI query = SocketClient.socketUri(api, "ws/chat/?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    int byQuery = SocketClient.handshakeStatus(query, null);
    return new Verdicts(accepted(rest, 200), accepted(bearer, 101), accepted(byQuery, 101), authFrame(token, socket));
  }

  private static boolean accepted(int status, int success) {
    if (status != success && status != 401) {
      throw new AssertionError("neither accepted nor refused: " + status);
    }
    return status == success;
  }

  /**
   * Whether the socket took the token: an accepted {@code auth} frame is answered with nothing,
   * so a malformed one follows it; frames are handled in order, so the first error tells.
   */
  private static boolean authFrame(String token, SocketClient socket) throws Exception {
    socket.send(Api.json("type", "auth", "token", token));
    socket.send("{\"type\":\"auth\"}");
    JsonObject first = socket.await("error");
    if ("unauthorized".equals(first.getString("code"))) {
      assertEquals("bad_request", socket.await("error").getString("code"));
      return false;
    }
    assertEquals("bad_request", first.getString("code"));
    return true;
  }

  /** Tokens of alice: valid ones, the one only MP-JWT refuses, and forgeries of every kind. */
  private Map<String, String> tokens() throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims = claims().build();
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("valid: issued by the server at login", alice.token());
    tokens.put("valid: signed by the server, fresh", Tokens.signedByServer(claims));
    tokens.put("valid: issued just within the token age", Tokens.signedByServer(claims()
        .issueTime(Date.from(now.minusSeconds(TOKEN_AGE_SECONDS - 120))).build()));
    tokens.put("older than mp.jwt.verify.token.age, not expired", Tokens.signedByServer(claims()
        .issueTime(Date.from(now.minusSeconds(TOKEN_AGE_SECONDS + 600))).expirationTime(Date.from(now.plusSeconds(600)))
        .build()));
    tokens.put("alg none", Tokens.unsigned("none", claims, ""));
    tokens.put("HS256 keyed with the public key PEM file", Tokens.hmac("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims,
        "HmacSHA256", Tokens.serverPublicKeyFile()));
    tokens.put("RS256 by an attacker's key", Tokens.rs256(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims,
        Tokens.attackerKeys()));
    tokens.put("expired", Tokens.signedByServer(claims().issueTime(Date.from(now.minusSeconds(200)))
        .expirationTime(Date.from(now.minusSeconds(120))).build()));
    tokens.put("no exp", Tokens.signedByServer(claims().expirationTime(null).build()));
    tokens.put("iat an hour ahead", Tokens.signedByServer(claims().issueTime(Date.from(now.plusSeconds(3600)))
        .expirationTime(Date.from(now.plusSeconds(4200))).build()));
    tokens.put("nbf an hour ahead", Tokens.signedByServer(claims().notBeforeTime(Date.from(now.plusSeconds(3600))).build()));
    tokens.put("wrong issuer", Tokens.signedByServer(claims().issuer("someone-else").build()));
    tokens.put("two roles", Tokens.signedByServer(claims().claim("groups", List.of("EMPLOYEE", "PLATFORM_ADMIN")).build()));
    tokens.put("sub not a number", Tokens.signedByServer(claims().subject(alice.username()).build()));
    tokens.put("payload tampered: role raised", Tokens.escalated(alice.token(), "PLATFORM_ADMIN"));
    tokens.put("signature stripped", Tokens.stripped(alice.token()));
    tokens.put("refresh token as access token", alice.refreshToken());
    tokens.put("garbage", "x".repeat(400));
    return tokens;
  }

  private JWTClaimsSet.Builder claims() {
    return Tokens.claims(alice.id(), alice.username(), "EMPLOYEE");
  }
}
