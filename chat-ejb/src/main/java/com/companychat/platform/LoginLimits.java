package com.companychat.platform;

/**
 * How often logins may fail: each account {@code accountAttempts} times, then once per
 * {@code 1 / accountPerSecond} s; each address {@code addressAttempts} times, then
 * {@code addressPerSecond} more a second. {@code chat.login.account-attempts},
 * {@code chat.login.account-per-second}, {@code chat.login.address-attempts} and
 * {@code chat.login.address-per-second} change it (tests set a refill too slow to matter during a run).
 */
public record LoginLimits(int accountAttempts, double accountPerSecond, int addressAttempts, double addressPerSecond) {
  public static final LoginLimits DEFAULT = new LoginLimits(10, 1.0 / 30, 50, 1.0);
}
