package com.companychat.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between the clients and the server, whose connections can be cut at
 * once, as a dropped Wi-Fi or a VPN reconnect would: the clients see their sockets die and must
 * come back by themselves.
 */
final class CuttableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int upstreamPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  CuttableProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** Every open connection closed now; new ones are relayed again. */
  void cut() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closed already
      }
    }
    sockets.clear();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server;
        try {
          server = new Socket();
          server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
        } catch (IOException down) {
          client.close();
          continue;
        }
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // cut or closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException e) {
          // closed already
        }
      }
    }, "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cut();
  }
}
