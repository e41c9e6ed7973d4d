package com.companychat.platform;

import com.companychat.protocol.ProtocolException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every exception into the contract's error body. Client mistakes are 4xx with a message
 * that says what to fix; nothing ever shows a stack trace.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

  @Context
  SecurityContext security;

  @Override
  public Response toResponse(Throwable e) {
    Throwable ours = ownCause(e);
    if (ours != e) {
      return toResponse(ours);
    }
    if (e instanceof ChatException chat) {
      Response.ResponseBuilder response = Response.status(chat.code().status())
          .type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(chat.code(), chat.getMessage()));
      chat.retryAfterSeconds().ifPresent(s -> response.header("Retry-After", s));
      return response.build();
    }
    if (e instanceof ProtocolException protocol) {
      return ErrorBody.response(ErrorCode.BAD_REQUEST, protocol.getMessage());
    }
    if (e instanceof BodyTooLargeException) {
      return ErrorBody.response(ErrorCode.TOO_LARGE, e.getMessage());
    }
    if (e instanceof WebApplicationException web) {
      return fromStatus(web.getResponse().getStatus());
    }
    if (isMalformedBody(e)) {
      return ErrorBody.response(ErrorCode.BAD_REQUEST, "The body is not valid JSON of the expected shape");
    }
    LOG.log(Level.SEVERE, "Unexpected failure", e);
    return ErrorBody.response(ErrorCode.INTERNAL_ERROR, "Internal error");
  }

  private Response fromStatus(int status) {
    // Jakarta's RolesAllowed refuses an anonymous caller with 403; to a client that sent no
    // (valid) token the truthful answer is 401.
    if (status == 403 && (security == null || security.getUserPrincipal() == null)) {
      status = 401;
    }
    ErrorCode code = ErrorCode.forStatus(status);
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(code.code(), ErrorBody.defaultMessage(status))).build();
  }

  /**
   * Our own exception inside whatever the JAX-RS runtime wrapped it in (a body reader's failure
   * may arrive as a ProcessingException), so that its code is answered, not a generic one.
   */
  private static Throwable ownCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ChatException || t instanceof ProtocolException) {
        return t;
      }
    }
    return e;
  }

  private static boolean isMalformedBody(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException) {
        return false;
      }
      if (t instanceof JsonException || t instanceof JsonbException || t instanceof ProcessingException
          || t instanceof java.io.CharConversionException) {
        return true;
      }
    }
    return false;
  }
}
