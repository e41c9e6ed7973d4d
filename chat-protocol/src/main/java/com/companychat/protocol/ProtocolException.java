package com.companychat.protocol;

/**
 * A frame or body that breaks the protocol: malformed JSON, a missing or mistyped field, an
 * unknown type. Carries the contract's error code and, where the frame had one, its
 * {@code client_msg_id}, so the error event can name the message it refuses.
 */
public class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String clientMsgId;

  public ProtocolException(String code, String message, String clientMsgId) {
    super(message, null, false, false);
    this.code = code;
    this.clientMsgId = clientMsgId;
  }

  public static ProtocolException badRequest(String message) {
    return new ProtocolException("bad_request", message, null);
  }

  public String code() {
    return code;
  }

  public String clientMsgId() {
    return clientMsgId;
  }

  public ProtocolException withClientMsgId(String id) {
    return new ProtocolException(code, getMessage(), id);
  }
}
