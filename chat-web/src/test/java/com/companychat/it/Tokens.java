package com.companychat.it;

import com.companychat.accounts.control.JwtKeyFiles;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Tokens an attacker would try: unsigned, wrongly signed, tampered, expired, foreign. */
final class Tokens {
  private Tokens() {}

  /** The server's own key pair, read from its data directory: to forge "valid" signatures. */
  static KeyPair serverKeys() {
    return JwtKeyFiles.loadOrCreate(Optional.empty(), Optional.empty(),
        Path.of(System.getProperty("chat.it.data.dir")));
  }

  /** The server's public key file exactly as it lies in the data directory (PEM text). */
  static byte[] serverPublicKeyFile() {
    try {
      return Files.readAllBytes(Path.of(System.getProperty("chat.it.data.dir"), "jwt-public.pem"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh RSA pair that the server has never seen: the attacker's own. */
  static KeyPair attackerKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A token whose header is written by hand and signed with HMAC ({@code HmacSHA256} …) keyed
   * with any bytes, even ones a JOSE library would refuse as too short: what an attacker's
   * script does.
   */
  static String hmac(String headerJson, JWTClaimsSet claims, String macAlgorithm, byte[] key) {
    String signingInput = b64(headerJson) + "." + b64(claims.toString());
    try {
      Mac mac = Mac.getInstance(macAlgorithm);
      mac.init(new SecretKeySpec(key, macAlgorithm));
      return signingInput + "." + Base64URL.encode(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RS256 with the given private key and header (e.g. one naming the attacker's key). */
  static String rs256(JWSHeader header, JWTClaimsSet claims, KeyPair keys) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new RSASSASigner(keys.getPrivate()));
    return jwt.serialize();
  }

  /** Unsigned: {@code alg} as given (none, None, NONE), the signature part as given. */
  static String unsigned(String alg, JWTClaimsSet claims, String signature) {
    return b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64(claims.toString()) + "." + signature;
  }

  /** The header and payload of one token with the signature of another. */
  static String withSignatureOf(String token, String donor) {
    return token.substring(0, token.lastIndexOf('.') + 1) + donor.substring(donor.lastIndexOf('.') + 1);
  }

  static JWTClaimsSet.Builder claims(long userId, String username, String role) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer("company-chat").subject(Long.toString(userId))
        .claim("upn", username).claim("groups", List.of(role)).issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600))).jwtID(UUID.randomUUID().toString());
  }

  static String signedByServer(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new RSASSASigner(serverKeys().getPrivate()));
    return jwt.serialize();
  }

  static String hs256(JWTClaimsSet claims, byte[] secret) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }

  static String algNone(JWTClaimsSet claims) {
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    return header + "." + b64(claims.toString()) + ".";
  }

  /** A real token whose payload had its role claim raised after signing. */
  static String escalated(String token, String role) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replaceFirst("\"groups\":\\[\"[A-Z_]+\"\\]", "\"groups\":[\"" + role + "\"]");
    return parts[0] + "." + b64(payload) + "." + parts[2];
  }

  /** A real token whose payload was edited after signing. */
  static String tampered(String token, long otherUserId) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replaceFirst("\"sub\":\"\\d+\"", "\"sub\":\"" + otherUserId + "\"");
    return parts[0] + "." + b64(payload) + "." + parts[2];
  }

  static String stripped(String token) {
    return token.substring(0, token.lastIndexOf('.') + 1);
  }

  private static String b64(String text) {
    return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
