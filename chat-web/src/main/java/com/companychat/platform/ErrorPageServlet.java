package com.companychat.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page for what the container answers before JAX-RS is reached: a bearer token that
 * MicroProfile JWT rejects (401), an unknown path outside {@code /api}. Same body as everywhere.
 */
@WebServlet("/error-page")
public class ErrorPageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = attribute instanceof Integer code ? code : response.getStatus();
    ErrorCode code = ErrorCode.forStatus(status);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (status == 401) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    String message = status == 401 ? "The access token is missing, invalid or expired"
        : ErrorBody.defaultMessage(status);
    response.getWriter().write(JsonbProvider.toJson(new ErrorBody(code.code(), message)));
  }
}
