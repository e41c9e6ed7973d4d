package com.companychat.accounts.control;

import com.companychat.platform.Budget;
import com.companychat.platform.Budgets;
import com.companychat.platform.ChatException;
import com.companychat.platform.LoginLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Slows password guessing: by default ({@link LoginLimits}) each account may fail 10 times, then
 * once per 30 s; each address 50 times, then once per second. A login takes its attempt from both budgets BEFORE the password is
 * hashed ({@link #reserve}), so parallel guesses cannot all pass a check made before any of them
 * failed; a login that succeeds gives its attempts back ({@link #succeeded}), so only failures
 * spend the allowance. With {@code chat.redis.url} the budgets are the cluster's, not the instance's.
 *
 * <p>Memory: the address budget is taken first, so a flooding address that is refused leaves no
 * entry per username behind; usernames are length-capped before they get here
 * ({@link LoginInput}); each table holds at most {@link #MAX_KEYS} keys and, when full of keys
 * that still hold failures, refuses new keys rather than forgetting anyone's failures.
 */
@ApplicationScoped
public class LoginThrottle {
  /** Keys per table: 100,000 usernames of at most 100 characters stay under ~40 MB. */
  public static final int MAX_KEYS = 100_000;

  private final Budget<String> perAccount;
  private final Budget<String> perAddress;

  /** In this instance's memory only. */
  public LoginThrottle() {
    this(new Budgets());
  }

  /** With the default limits. */
  public LoginThrottle(Budgets budgets) {
    this(budgets, LoginLimits.DEFAULT);
  }

  @Inject
  public LoginThrottle(Budgets budgets, LoginLimits limits) {
    this(budgets.named("login-account", limits.accountAttempts(), limits.accountPerSecond(), MAX_KEYS),
        budgets.named("login-address", limits.addressAttempts(), limits.addressPerSecond(), MAX_KEYS));
  }

  /** On budgets of the caller's (tests: small tables, stopped clocks). */
  public LoginThrottle(Budget<String> perAccount, Budget<String> perAddress) {
    this.perAccount = perAccount;
    this.perAddress = perAddress;
  }

  /**
   * Takes one attempt from the address's and the account's budget, before any password is
   * checked. Refused, it takes nothing.
   *
   * @throws ChatException {@code rate_limited} when the address or the account has failed too often
   */
  public void reserve(String usernameKey, String address) {
    long wait = perAddress.tryAcquire(address);
    if (wait > 0) {
      throw refused(wait);
    }
    wait = perAccount.tryAcquire(usernameKey);
    if (wait > 0) {
      perAddress.giveBack(address);
      throw refused(wait);
    }
  }

  /** The reserved attempt logged in: it is given back to both budgets. */
  public void succeeded(String usernameKey, String address) {
    perAccount.giveBack(usernameKey);
    perAddress.giveBack(address);
  }

  private static ChatException refused(long wait) {
    return ChatException.rateLimited("Too many failed logins; try again later", wait);
  }
}
