package com.companychat.platform;

import java.util.OptionalLong;

/**
 * A refusal that the caller is meant to see: it carries one of the contract's error codes and a
 * human-readable message that never contains message text, tokens or passwords.
 */
public class ChatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final long retryAfterSeconds;

  public ChatException(ErrorCode code, String message) {
    this(code, message, -1);
  }

  private ChatException(ErrorCode code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ChatException badRequest(String message) {
    return new ChatException(ErrorCode.BAD_REQUEST, message);
  }

  public static ChatException notFound(String what) {
    return new ChatException(ErrorCode.NOT_FOUND, what + " not found");
  }

  public static ChatException forbidden(String message) {
    return new ChatException(ErrorCode.FORBIDDEN, message);
  }

  public static ChatException conflict(String message) {
    return new ChatException(ErrorCode.CONFLICT, message);
  }

  public static ChatException rateLimited(String message, long retryAfterSeconds) {
    return new ChatException(ErrorCode.RATE_LIMITED, message, Math.max(1, retryAfterSeconds));
  }

  public ErrorCode code() {
    return code;
  }

  /** Seconds after which a retry may succeed; present only for {@link ErrorCode#RATE_LIMITED}. */
  public OptionalLong retryAfterSeconds() {
    return retryAfterSeconds < 0 ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
  }
}
