package com.companychat.accounts.control;

import static com.companychat.platform.ChatFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.platform.ChatException;
import com.companychat.platform.ErrorCode;
import com.companychat.platform.RateLimiter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Login attempts per account and per address, reserved before hashing; successes give theirs back. */
class LoginThrottleTest {
  private static final long SECOND = 1_000_000_000L;

  private final LoginThrottle throttle = new LoginThrottle();

  @Test
  void tenAttemptsHoldTheAccountBackFromEveryAddressForAboutThirtySeconds() {
    for (int i = 0; i < 10; i++) {
      throttle.reserve("alice", "192.0.2." + i);
    }

    ChatException e = assertRefused(ErrorCode.RATE_LIMITED, () -> throttle.reserve("alice", "203.0.113.1"));
    long wait = e.retryAfterSeconds().orElseThrow();
    assertTrue(wait > 0 && wait <= 30, "wait " + wait);
    assertDoesNotThrow(() -> throttle.reserve("bob", "203.0.113.1"));
  }

  @Test
  void fiftyAttemptsHoldTheAddressBackForEveryAccount() {
    for (int i = 0; i < 50; i++) {
      throttle.reserve("user" + i, "192.0.2.1");
    }

    assertRefused(ErrorCode.RATE_LIMITED, () -> throttle.reserve("somebody-else", "192.0.2.1"));
    assertDoesNotThrow(() -> throttle.reserve("somebody-else", "192.0.2.2"));
  }

  @Test
  void aSuccessGivesItsAttemptBackSoOnlyFailuresSpendTheAllowance() {
    for (int i = 0; i < 100; i++) {
      throttle.reserve("alice", "192.0.2.1");
      throttle.succeeded("alice", "192.0.2.1");
    }
    for (int i = 0; i < 9; i++) {
      throttle.reserve("alice", "192.0.2.1");
    }
    assertDoesNotThrow(() -> throttle.reserve("alice", "192.0.2.1"), "the tenth attempt");
  }

  @Test
  void aRefusedAccountSpendsNothingOfTheAddress() {
    for (int i = 0; i < 10; i++) {
      throttle.reserve("alice", "192.0.2.1");
    }
    for (int i = 0; i < 100; i++) {
      assertRefused(ErrorCode.RATE_LIMITED, () -> throttle.reserve("alice", "192.0.2.1"));
    }
    for (int i = 0; i < 40; i++) {
      throttle.reserve("user" + i, "192.0.2.1");
    }
  }

  @Test
  void aFloodOfNewUsernamesNeitherGrowsTheTableNorResetsAVictimsCounter() {
    AtomicLong now = new AtomicLong();
    RateLimiter<String> accounts = new RateLimiter<>(10, 1.0 / 30, 1_000, now::get);
    RateLimiter<String> addresses = new RateLimiter<>(1_000_000, 1_000, 1_000, now::get);
    LoginThrottle bounded = new LoginThrottle(accounts, addresses);
    for (int i = 0; i < 10; i++) {
      bounded.reserve("victim", "192.0.2.1");
    }

    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      now.addAndGet(SECOND / 1_000);
      String username = String.format("%-100s", "flood-" + i).replace(' ', 'x');
      try {
        bounded.reserve(username, "192.0.2.1");
      } catch (ChatException e) {
        refused++;
      }
    }

    assertTrue(accounts.size() <= 1_000, "account table " + accounts.size());
    long keyChars = accounts.keys().stream().mapToLong(String::length).sum();
    assertTrue(keyChars <= 1_000L * 100, "retained key characters " + keyChars);
    assertTrue(refused > 0, "new keys are refused while the table is full");
    assertRefused(ErrorCode.RATE_LIMITED, () -> bounded.reserve("victim", "192.0.2.9"));
  }

  @Test
  void keysWhoseBucketsRefilledExpireAndMakeRoomAgain() {
    AtomicLong now = new AtomicLong();
    RateLimiter<String> accounts = new RateLimiter<>(10, 1.0 / 30, 100, now::get);
    LoginThrottle bounded = new LoginThrottle(accounts, new RateLimiter<>(1_000_000, 1_000, 1_000, now::get));
    for (int i = 0; i < 100; i++) {
      bounded.reserve("user" + i, "192.0.2.1");
    }
    assertRefused(ErrorCode.RATE_LIMITED, () -> bounded.reserve("newcomer", "192.0.2.1"));

    now.addAndGet(31 * SECOND);
    assertDoesNotThrow(() -> bounded.reserve("newcomer", "192.0.2.1"));
    assertEquals(1, accounts.size(), "only the newcomer's bucket holds a spent attempt");
  }
}
