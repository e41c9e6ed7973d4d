package com.companychat.accounts.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.platform.ChatFixture;
import com.companychat.platform.ChatSettings;
import java.nio.file.Path;
import org.glassfish.soteria.identitystores.hash.Pbkdf2PasswordHashImpl;
import org.junit.jupiter.api.Test;

/** PBKDF2 through Jakarta Security's hash, as Payara provides it. */
class PasswordHashingTest {
  private final PasswordHashing passwords = new PasswordHashing(new Pbkdf2PasswordHashImpl(),
      ChatFixture.withPasswordIterations(settings(), ChatFixture.SOTERIA_MIN_ITERATIONS));

  @Test
  void aHashVerifiesItsOwnPasswordOnly() {
    String hash = passwords.hash("correct horse battery");
    assertTrue(passwords.verify("correct horse battery", hash));
    assertFalse(passwords.verify("correct horse batterY", hash));
    assertFalse(passwords.verify("", hash));
  }

  @Test
  void hashesAreSaltedAndNameTheirAlgorithmAndRounds() {
    String one = passwords.hash("correct horse battery");
    String two = passwords.hash("correct horse battery");
    assertNotEquals(one, two);
    assertTrue(one.startsWith("PBKDF2WithHmacSHA512:1024:"), one);
    assertFalse(one.contains("correct horse battery"));
  }

  @Test
  void noStoredHashNeverVerifies() {
    assertFalse(passwords.verify("not-a-real-password", null), "not even the dummy's password");
    assertFalse(passwords.verify("", null));
  }

  @Test
  void aHashMadeWithOtherRoundsStillVerifies() {
    PasswordHashing stronger = new PasswordHashing(new Pbkdf2PasswordHashImpl(),
        ChatFixture.withPasswordIterations(settings(), 4096));
    assertTrue(passwords.verify("correct horse battery", stronger.hash("correct horse battery")));
  }

  @Test
  void theSettingsForTestsAndToolsWorkWithJakartaSecuritysHash() {
    assertDoesNotThrow(() -> new PasswordHashing(new Pbkdf2PasswordHashImpl(), settings()));
  }

  private static ChatSettings settings() {
    return ChatSettings.forDatabase(Path.of("target", "chat-test-data"), "jdbc:h2:mem:unused");
  }
}
