package com.companychat.client.net;

/**
 * A REST call that did not succeed: either the server refused it (a status and the contract's
 * error code and message) or the server could not be reached at all (status 0).
 */
public class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public static ApiException unreachable(Throwable cause) {
    ApiException e = new ApiException(0, "unavailable", "The server cannot be reached");
    e.initCause(cause);
    return e;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /**
   * Worth retrying later: the network, a 5xx, a rate limit, or an expired token (refreshed
   * meanwhile). Any other 4xx is the server refusing this very request, for good.
   */
  public boolean isRetriable() {
    return status == 0 || status >= 500 || status == 429 || status == 401;
  }
}
