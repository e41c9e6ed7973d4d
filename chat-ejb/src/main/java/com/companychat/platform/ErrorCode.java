package com.companychat.platform;

/** The error codes of CONTRACT §4, each with the HTTP status it travels with. */
public enum ErrorCode {
  BAD_REQUEST(400),
  UNAUTHORIZED(401),
  INVALID_CREDENTIALS(401),
  FORBIDDEN(403),
  /** The session of an administrator's one-time password: only a password change is allowed. */
  PASSWORD_CHANGE_REQUIRED(403),
  NOT_FOUND(404),
  CONFLICT(409),
  /** A resume point older than the server keeps (CONTRACT §6.1): the client reloads its lists. */
  GONE(410),
  TOO_LARGE(413),
  RATE_LIMITED(429),
  UNAVAILABLE(503),
  INTERNAL_ERROR(500);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The wire name: {@code bad_request}, {@code not_found}, … */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The code a bare HTTP status stands for, where nothing more specific is known. */
  public static ErrorCode forStatus(int status) {
    return switch (status) {
      case 401 -> UNAUTHORIZED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 410 -> GONE;
      case 413 -> TOO_LARGE;
      case 429 -> RATE_LIMITED;
      case 503 -> UNAVAILABLE;
      default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
    };
  }
}
