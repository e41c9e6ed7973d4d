package com.companychat.realtime.control;

import com.companychat.accounts.control.Caller;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;

/** Real {@link Connection}s over sessions whose every send completes at once, for unit tests. */
final class InstantSockets {
  private InstantSockets() {}

  /** A ready connection of {@code caller} that adds each frame it writes to {@code written}, then tells {@code onWrite}. */
  static Connection ready(Caller caller, List<String> written, Consumer<String> onWrite) {
    Connection connection = opening(caller, written, onWrite);
    connection.markReady();
    return connection;
  }

  /** The same, still opening: not ready for deliveries yet. */
  static Connection opening(Caller caller, List<String> written, Consumer<String> onWrite) {
    RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(InstantSockets.class.getClassLoader(),
        new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
          if (method.getName().equals("sendText") && args.length == 2) {
            written.add((String) args[0]);
            ((SendHandler) args[1]).onResult(new SendResult());
            onWrite.accept((String) args[0]);
          }
          return null;
        });
    Session session = (Session) Proxy.newProxyInstance(InstantSockets.class.getClassLoader(),
        new Class<?>[] {Session.class},
        (proxy, method, args) -> method.getName().equals("getAsyncRemote") ? async : null);
    return new Connection(session, caller, Runnable::run);
  }
}
