package com.companychat.platform;

import com.companychat.protocol.JsonText;
import com.companychat.protocol.ProtocolException;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads every JSON request body of the API (the {@link JsonValue} parameters) strictly, in
 * place of the server's JSON-P reader, which replaced invalid UTF-8 with U+FFFD (so text the
 * client never sent was stored) and let deep nesting and over-long numbers out as 500s
 * (InputAttackIT). Here: the body as {@link BodyLimitFilter} lets it through (413 past 64 KiB),
 * UTF-8 that really is UTF-8 (RFC 8259), and one JSON value; anything else is 400. An
 * interceptor, not a reader of its own, because the server's reader would win the selection.
 */
@Provider
public class JsonBodyReader implements ReaderInterceptor {

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (!JsonValue.class.isAssignableFrom(context.getType())) {
      return context.proceed();
    }
    return read(context.getType(), context.getInputStream());
  }

  /** The body as one JSON value of {@code type}; 400 or 413 as said above. */
  static JsonValue read(Class<?> type, InputStream body) throws IOException {
    byte[] bytes;
    try {
      bytes = body.readAllBytes();
    } catch (BodyTooLargeException e) {
      throw new ChatException(ErrorCode.TOO_LARGE, e.getMessage());
    }
    JsonValue value = JsonText.parse(utf8(bytes));
    if (!type.isInstance(value)) {
      throw ProtocolException.badRequest("A JSON object is required");
    }
    return value;
  }

  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw ProtocolException.badRequest("The body is not valid UTF-8");
    }
  }
}
