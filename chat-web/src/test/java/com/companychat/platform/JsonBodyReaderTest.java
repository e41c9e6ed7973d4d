package com.companychat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.companychat.protocol.ProtocolException;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** REST bodies are read strictly: what the parser or the decoder refuses is 400, never 500. */
class JsonBodyReaderTest {
  @Test
  void aJsonObjectInUtf8IsRead() throws IOException {
    JsonValue value = read("{\"message\":\"gr\u00fc\u00df \uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals("gr\u00fc\u00df \uD83D\uDE00", value.asJsonObject().getString("message"));
  }

  @Test
  void invalidUtf8IsABadRequestNotAReplacementCharacter() {
    byte[][] bodies = {{'"', (byte) 0xC3, 0x28, '"'}, {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
        {'"', (byte) 0xC0, (byte) 0xAF, '"'}, {'"', (byte) 0xFF, '"'}};
    for (byte[] body : bodies) {
      assertEquals("bad_request", assertThrows(ProtocolException.class, () -> read(body)).code());
    }
  }

  @Test
  void nestingAndNumbersBeyondTheParsersLimitsAreBadRequests() {
    for (String body : new String[] {"[".repeat(5_000), "{\"a\":" + "1".repeat(2_000) + "}", "", "{", "1 2", "{} x", "{}{}"}) {
      assertThrows(ProtocolException.class, () -> read(body.getBytes(StandardCharsets.UTF_8)), body);
    }
  }

  @Test
  void aBodyPastTheLimitIsTooLarge() {
    InputStream endless = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new BodyTooLargeException();
      }
    };
    ChatException e = assertThrows(ChatException.class,
        () -> JsonBodyReader.read(JsonValue.class, endless));
    assertEquals(ErrorCode.TOO_LARGE, e.code());
  }

  private JsonValue read(byte[] body) throws IOException {
    return JsonBodyReader.read(JsonValue.class, new ByteArrayInputStream(body));
  }
}
