package com.companychat.accounts.control;

import com.companychat.platform.ChatSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;

/**
 * Password hashes from Jakarta Security's PBKDF2 (HMAC-SHA512, {@code chat.password.iterations}
 * rounds, 210,000 by default as OWASP advises). The stored form names its own algorithm and
 * rounds, so raising the rounds later keeps old hashes verifiable.
 */
@ApplicationScoped
public class PasswordHashing {
  private Pbkdf2PasswordHash hash;
  private String dummyHash;

  protected PasswordHashing() {}

  @Inject
  public PasswordHashing(Pbkdf2PasswordHash hash, ChatSettings settings) {
    hash.initialize(Map.of(
        "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
        "Pbkdf2PasswordHash.Iterations", Integer.toString(settings.passwordIterations()),
        "Pbkdf2PasswordHash.SaltSizeBytes", "16",
        "Pbkdf2PasswordHash.KeySizeBytes", "32"));
    this.hash = hash;
    this.dummyHash = hash.generate("not-a-real-password".toCharArray());
  }

  public String hash(String password) {
    return hash.generate(password.toCharArray());
  }

  /**
   * Whether {@code password} matches {@code storedHash}. With no stored hash the work is still
   * done, against a dummy, so that an unknown user takes as long to refuse as a wrong password.
   */
  public boolean verify(String password, String storedHash) {
    boolean matches = hash.verify(password.toCharArray(), storedHash == null ? dummyHash : storedHash);
    return storedHash != null && matches;
  }
}
