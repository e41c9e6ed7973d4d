package com.companychat.platform;

/**
 * How fast one user may send: CONTRACT §5 says 20 messages a second with bursts of 40, the
 * default. {@code chat.rate.messages-per-second} and {@code chat.rate.burst} change it (load
 * tests, benchmarks).
 */
public record SendLimits(double perSecond, int burst) {
  public static final SendLimits CONTRACT = new SendLimits(20, 40);
}
