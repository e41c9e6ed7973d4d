package com.companychat.accounts.control;

import static com.companychat.platform.ChatFixture.PASSWORD;
import static com.companychat.platform.ChatFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.accounts.entity.Role;
import com.companychat.platform.ChatException;
import com.companychat.platform.ChatFixture;
import com.companychat.platform.ErrorCode;
import com.companychat.platform.RateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.soteria.identitystores.hash.Pbkdf2PasswordHashImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Login under floods, on a real database: long usernames, parallel guesses. */
class LoginFloodTest {
  private static ChatFixture chat;

  @BeforeAll
  static void openDatabase() {
    chat = ChatFixture.onH2();
  }

  @AfterAll
  static void closeDatabase() {
    chat.close();
  }

  @Test
  void twentyThousandDistinctTenKilobyteUsernamesLeaveTheThrottleEmpty() {
    RateLimiter<String> accounts = new RateLimiter<>(10, 1.0 / 30);
    RateLimiter<String> addresses = new RateLimiter<>(50, 1.0);
    AuthService auth = new AuthService(chat.db(), chat.passwords(), chat.tokens(),
        new LoginThrottle(accounts, addresses), chat.settings(), chat.events());
    String padding = "u".repeat(10 * 1024);

    for (int i = 0; i < 20_000; i++) {
      String username = i + padding;
      assertRefused(ErrorCode.BAD_REQUEST, () -> auth.login(username, "wrong-password", "192.0.2." + (username.length() % 200)));
    }
    assertRefused(ErrorCode.BAD_REQUEST, () -> auth.login("someone", "p".repeat(LoginInput.MAX_PASSWORD + 1), "192.0.2.1"));

    assertEquals(0, accounts.size() + addresses.size(), "nothing was kept of the refused logins");
    assertEquals(0, accounts.keys().stream().mapToLong(String::length).sum(), "retained username characters");
  }

  @Test
  void fiftyParallelWrongGuessesForOneAccountVerifyAtMostTenPasswords() throws Exception {
    Caller alice = chat.member(chat.company(), "alice", "Alice Liddell", Role.EMPLOYEE);
    CountingHashing counting = new CountingHashing(chat);
    AuthService auth = new AuthService(chat.db(), counting, chat.tokens(), new LoginThrottle(), chat.settings(), chat.events());
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ErrorCode>> guesses = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String address = "192.0.2." + i;
        guesses.add(pool.submit(() -> {
          start.await();
          try {
            auth.login(alice.username(), "wrong-guess", address);
            return null;
          } catch (ChatException e) {
            return e.code();
          }
        }));
      }
      start.countDown();
      int invalid = 0;
      for (Future<ErrorCode> guess : guesses) {
        invalid += guess.get(60, TimeUnit.SECONDS) == ErrorCode.INVALID_CREDENTIALS ? 1 : 0;
      }
      assertTrue(counting.verified.get() <= 10, counting.verified.get() + " passwords were verified");
      assertEquals(counting.verified.get(), invalid, "every verified guess was answered invalid_credentials");
      assertRefused(ErrorCode.RATE_LIMITED, () -> auth.login(alice.username(), PASSWORD, "198.51.100.1"));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Counts verifications; each waits (up to 2 s) until more than ten are under way, so that
   * without a reservation before hashing the fifty guesses are all inside at once.
   */
  static final class CountingHashing extends PasswordHashing {
    final AtomicInteger verified = new AtomicInteger();
    private final CountDownLatch moreThanTen = new CountDownLatch(11);

    CountingHashing(ChatFixture chat) {
      super(new Pbkdf2PasswordHashImpl(), chat.settings());
    }

    @Override
    public boolean verify(String password, String storedHash) {
      verified.incrementAndGet();
      moreThanTen.countDown();
      try {
        moreThanTen.await(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.verify(password, storedHash);
    }
  }
}
