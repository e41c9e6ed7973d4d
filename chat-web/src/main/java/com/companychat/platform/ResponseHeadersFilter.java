package com.companychat.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Every answer of the API is private ({@code Cache-Control: no-store}) and never sniffed
 * ({@code X-Content-Type-Options: nosniff}), and an error that came
 * without a body (a filter's abort, a bare status) gets the contract's error body.
 */
@Provider
public class ResponseHeadersFilter implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    // Message text is stored verbatim, markup included: no browser may sniff it into HTML.
    response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
    int status = response.getStatus();
    if (status >= 400 && !response.hasEntity()) {
      response.setEntity(ErrorBody.of(ErrorCode.forStatus(status), ErrorBody.defaultMessage(status)),
          null, MediaType.APPLICATION_JSON_TYPE);
    }
    if (status == 401) {
      response.getHeaders().putSingle(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
  }
}
