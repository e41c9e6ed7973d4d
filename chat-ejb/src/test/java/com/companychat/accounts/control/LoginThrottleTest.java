package com.companychat.accounts.control;

import static com.companychat.platform.ChatFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.platform.ChatException;
import com.companychat.platform.ErrorCode;
import org.junit.jupiter.api.Test;

/** Failed logins per account and per address; only failures spend the allowance. */
class LoginThrottleTest {
  private final LoginThrottle throttle = new LoginThrottle();

  @Test
  void checkingSpendsNothing() {
    for (int i = 0; i < 100; i++) {
      assertDoesNotThrow(() -> throttle.check("alice", "192.0.2.1"));
    }
  }

  @Test
  void tenFailuresHoldTheAccountBackFromEveryAddressForAboutThirtySeconds() {
    for (int i = 0; i < 10; i++) {
      throttle.check("alice", "192.0.2." + i);
      throttle.recordFailure("alice", "192.0.2." + i);
    }

    ChatException e = assertRefused(ErrorCode.RATE_LIMITED, () -> throttle.check("alice", "203.0.113.1"));
    long wait = e.retryAfterSeconds().orElseThrow();
    assertTrue(wait > 0 && wait <= 30, "wait " + wait);
    assertDoesNotThrow(() -> throttle.check("bob", "203.0.113.1"));
  }

  @Test
  void fiftyFailuresHoldTheAddressBackForEveryAccount() {
    for (int i = 0; i < 50; i++) {
      throttle.check("user" + i, "192.0.2.1");
      throttle.recordFailure("user" + i, "192.0.2.1");
    }

    assertRefused(ErrorCode.RATE_LIMITED, () -> throttle.check("somebody-else", "192.0.2.1"));
    assertDoesNotThrow(() -> throttle.check("somebody-else", "192.0.2.2"));
  }

  @Test
  void nineFailuresStillLetTheAccountTry() {
    for (int i = 0; i < 9; i++) {
      throttle.recordFailure("alice", "192.0.2.1");
    }
    assertDoesNotThrow(() -> throttle.check("alice", "192.0.2.1"));
  }
}
