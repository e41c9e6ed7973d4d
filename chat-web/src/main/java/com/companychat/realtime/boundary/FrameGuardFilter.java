package com.companychat.realtime.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import java.io.IOException;

/**
 * Puts {@link FrameGuard} in front of the WebSocket container on the socket's paths. The
 * container's filter (registered after the application's) upgrades the request it is given;
 * here that request upgrades to a {@code FrameGuard} and gives the container its own handler,
 * created as the container would, to which the guard hands the guarded connection.
 */
@WebFilter(filterName = "FrameGuardFilter", urlPatterns = {"/ws/chat", "/ws/chat/"})
public class FrameGuardFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(new GuardedUpgrade(request), response);
  }

  private static final class GuardedUpgrade extends HttpServletRequestWrapper {
    GuardedUpgrade(HttpServletRequest request) {
      super(request);
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
      T containers;
      try {
        containers = handlerClass.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new ServletException("Cannot create the WebSocket container's upgrade handler", e);
      }
      super.upgrade(FrameGuard.class).guard(containers);
      return containers;
    }
  }
}
