package com.companychat.platform;

import com.companychat.accounts.control.Caller;
import jakarta.enterprise.context.RequestScoped;

/** The caller of this request, as {@link CallerFilter} resolved it. */
@RequestScoped
public class CurrentCaller {
  private Caller caller;
  private String sessionId;

  void set(Caller caller, String sessionId) {
    this.caller = caller;
    this.sessionId = sessionId;
  }

  /** @throws ChatException {@code unauthorized} when the request carried no valid token */
  public Caller get() {
    if (caller == null) {
      throw new ChatException(ErrorCode.UNAUTHORIZED, ErrorBody.defaultMessage(401));
    }
    return caller;
  }

  /** The login session of the access token ({@code sid} claim). */
  public String sessionId() {
    get();
    return sessionId;
  }
}
