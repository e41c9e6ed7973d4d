package com.companychat.realtime.boundary;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;

/**
 * The upgrade handler the container runs for a socket: it hands the WebSocket container's own
 * handler a connection whose input passes through {@link GuardedInput}. Tyrus buffers a frame
 * whole before it looks at its size, up to its incoming buffer; behind this guard a frame over
 * {@link ChatSocket#MAX_FRAME} is refused at its head (close 1009), whatever size it announces.
 */
public class FrameGuard implements HttpUpgradeHandler {
  private HttpUpgradeHandler inner;

  /** Called by the container; {@link #guard} is called before {@link #init}. */
  public FrameGuard() {}

  void guard(HttpUpgradeHandler containersHandler) {
    this.inner = containersHandler;
  }

  @Override
  public void init(WebConnection connection) {
    inner.init(new Guarded(connection));
  }

  @Override
  public void destroy() {
    inner.destroy();
  }

  /** The container's connection, its input read through the frame limit. */
  private static final class Guarded implements WebConnection {
    private final WebConnection connection;
    private GuardedInput input;

    Guarded(WebConnection connection) {
      this.connection = connection;
    }

    @Override
    public synchronized ServletInputStream getInputStream() throws IOException {
      if (input == null) {
        input = new GuardedInput(connection.getInputStream(), ChatSocket.MAX_FRAME);
      }
      return input;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      return connection.getOutputStream();
    }

    @Override
    public void close() throws Exception {
      connection.close();
    }
  }
}
