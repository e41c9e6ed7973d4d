package com.companychat.realtime.boundary;

import com.companychat.realtime.control.IdleChecks;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Tunes the WebSocket container before the first socket opens: see {@link IdleChecks}.
 * {@code chat.socket.idle-check-filter=false} leaves the container as it is (for a comparison,
 * or should a container version ever need its no-delay checks).
 */
@WebListener
public class SocketContainerSetup implements ServletContextListener {
  @Override
  public void contextInitialized(ServletContextEvent event) {
    Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
    boolean wanted = ConfigProvider.getConfig().getOptionalValue("chat.socket.idle-check-filter", Boolean.class)
        .orElse(true);
    if (container != null && wanted) {
      IdleChecks.install(container);
    }
  }
}
