package com.companychat.platform;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one error body of CONTRACT §4: {@code {"error": CODE, "message": text}}. */
public record ErrorBody(String error, String message) {

  public static ErrorBody of(ErrorCode code, String message) {
    return new ErrorBody(code.code(), message);
  }

  public static Response response(ErrorCode code, String message) {
    return Response.status(code.status()).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(of(code, message)).build();
  }

  /** The message for an error that came with none of its own. */
  public static String defaultMessage(int status) {
    return switch (status) {
      case 401 -> "A valid access token is required";
      case 403 -> "You may not do this";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 406 -> "Only application/json is produced";
      case 413 -> "The request body is too large";
      case 415 -> "The body must be application/json";
      case 429 -> "Too many requests";
      case 503 -> "Temporarily unavailable; try again";
      default -> status >= 500 ? "Internal error" : "Bad request";
    };
  }
}
