package com.companychat.messaging.control;

import com.companychat.platform.ChatException;

/** The rules a message's text and client id obey, the same over REST and the socket. */
public final class MessageText {
  /** CONTRACT §5: more than 4000 characters is too long. Counted in code points, as people do. */
  public static final int MAX_CHARACTERS = 4000;
  public static final int MAX_CLIENT_MSG_ID = 64;

  private MessageText() {}

  /**
   * Checks a message text; it is then stored exactly as given, never trimmed or interpreted.
   *
   * @throws ChatException {@code bad_request} when missing, blank, too long, or not storable text
   */
  public static String validate(String text) {
    if (text == null || text.isBlank()) {
      throw ChatException.badRequest("message must not be empty");
    }
    if (text.codePointCount(0, text.length()) > MAX_CHARACTERS) {
      throw ChatException.badRequest("message must be at most " + MAX_CHARACTERS + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        throw ChatException.badRequest("message must not contain NUL characters");
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1));
        if (!paired) {
          throw ChatException.badRequest("message contains an unpaired surrogate");
        }
        i++;
      }
    }
    return text;
  }

  /** Whether {@code clientMsgId} is one a client may send: 1 to 64 printable characters. */
  public static boolean isClientMsgId(String clientMsgId) {
    try {
      return clientMsgId != null && validateClientMsgId(clientMsgId) != null;
    } catch (ChatException e) {
      return false;
    }
  }

  /** Checks an optional client message id: absent, or 1 to 64 printable characters. */
  public static String validateClientMsgId(String clientMsgId) {
    if (clientMsgId == null) {
      return null;
    }
    if (clientMsgId.isEmpty() || clientMsgId.length() > MAX_CLIENT_MSG_ID) {
      throw ChatException.badRequest("client_msg_id must be 1 to " + MAX_CLIENT_MSG_ID + " characters");
    }
    if (clientMsgId.chars().anyMatch(c -> c < 0x20 || c == 0x7f || Character.isSurrogate((char) c))) {
      throw ChatException.badRequest("client_msg_id must be printable text");
    }
    return clientMsgId;
  }
}
