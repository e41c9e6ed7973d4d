package com.companychat.accounts.control;

import com.companychat.platform.ChatException;
import com.companychat.platform.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Slows password guessing: each account may fail 10 times, then once per 30 s; each address 50
 * times, then once per second. Only failures spend the allowance, so a user who types the right
 * password is never held up by their own earlier typo once a token has refilled.
 */
@ApplicationScoped
public class LoginThrottle {
  private final RateLimiter<String> perAccount = new RateLimiter<>(10, 1.0 / 30);
  private final RateLimiter<String> perAddress = new RateLimiter<>(50, 1.0);

  /** Refuses with {@code rate_limited} when this account or address has failed too often. */
  public void check(String usernameKey, String address) {
    long wait = Math.max(perAccount.peek(usernameKey), perAddress.peek(address));
    if (wait > 0) {
      throw ChatException.rateLimited("Too many failed logins; try again later", wait);
    }
  }

  public void recordFailure(String usernameKey, String address) {
    perAccount.tryAcquire(usernameKey);
    perAddress.tryAcquire(address);
  }
}
