package com.companychat.protocol;

import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/**
 * Parses JSON text that a client sent, socket frame or REST body alike. Whatever the parser
 * refuses is the client's {@code bad_request}: not only malformed JSON but also what Parsson
 * refuses with bare runtime exceptions, such as nesting deeper than 1000 levels or a number of
 * more than 1100 digits (InputAttackIT found both answering 500), and text after the value.
 */
public final class JsonText {
  /*
   * One provider for the application: Json.createX() looks the provider up through the
   * ServiceLoader on every call, which on Payara scanned the class path for each frame (a
   * sixth of the server's CPU under load in the benchmark's profile).
   */
  static final JsonProvider JSON = JsonProvider.provider();

  private JsonText() {}

  /** @throws ProtocolException {@code bad_request} for anything that is not exactly one JSON value */
  public static JsonValue parse(String text) {
    try (JsonParser parser = JSON.createParser(new StringReader(text))) {
      parser.next();
      JsonValue value = parser.getValue();
      // JsonReader stops after the first value; "{...} trailing" or "{}{}" is not one JSON text.
      if (parser.hasNext()) {
        throw ProtocolException.badRequest("malformed JSON: more after the value");
      }
      return value;
    } catch (ProtocolException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ProtocolException.badRequest("malformed JSON");
    }
  }
}
