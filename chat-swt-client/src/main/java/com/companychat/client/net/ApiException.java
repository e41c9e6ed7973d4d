package com.companychat.client.net;

/**
 * A REST call that did not succeed: either the server refused it (a status and the contract's
 * error code and message) or the server could not be reached at all (status 0).
 */
public class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The code of an answer without the contract's error body (not from the app). */
  public static final String NOT_THE_APP = "error";

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
   * Worth retrying later: the network, a 5xx, a rate limit, an expired token (refreshed
   * meanwhile), or a 404 without the contract's error body (the server is up but the app not yet
   * deployed, as while it restarts). Any other 4xx is the server refusing this very request, for good.
   */
  public boolean isRetriable() {
    return status == 0 || status >= 500 || status == 429 || status == 401
        || (status == 404 && NOT_THE_APP.equals(code));
  }
}
