package fish.payara.microprofile.jwtauth.eesecurity;

import jakarta.security.enterprise.credential.Credential;

/**
 * Payara's credential class as its MP-JWT identity store takes it (public constructor from the
 * raw token, {@code getSignedJWT()}), for unit tests that run without Payara: AccessTokensTest.
 */
public class SignedJWTCredential implements Credential {
  public final String signedJWT;

  public SignedJWTCredential(String signedJWT) {
    this.signedJWT = signedJWT;
  }

  public String getSignedJWT() {
    return signedJWT;
  }
}
