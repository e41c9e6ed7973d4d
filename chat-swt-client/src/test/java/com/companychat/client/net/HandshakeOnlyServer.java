package com.companychat.client.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket server on loopback that misbehaves the way real networks and servers do, which the
 * real chat server cannot be made to: it completes the handshake and then closes at once
 * (a server that accepts and drops), stays silent for ever (a half-open connection), or answers
 * each ping with a pong. Anything that is not an upgrade gets a 503.
 */
final class HandshakeOnlyServer implements AutoCloseable {
  enum Behaviour { CLOSE_AT_ONCE, SILENT, PONG, CLOSE_4401_ON_FIRST_FRAME }

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final AtomicInteger upgrades = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  HandshakeOnlyServer(Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "handshake-only-server");
    t.setDaemon(true);
    t.start();
  }

  URI httpBase() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
  }

  URI socketUri() {
    return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws/chat/");
  }

  int upgrades() {
    return upgrades.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "handshake-only-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String key = null;
      for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
        if (line.toLowerCase().startsWith("sec-websocket-key:")) {
          key = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      if (key == null) {
        out.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      upgrades.incrementAndGet();
      switch (behaviour) {
        case CLOSE_AT_ONCE -> out.write(new byte[] {(byte) 0x88, 0});
        case SILENT -> in.transferTo(OutputStream.nullOutputStream());
        case PONG -> answerPings(in, out);
        case CLOSE_4401_ON_FIRST_FRAME -> {
          in.read(); // the client's first frame begins: the client holds the socket as open by now
          out.write(new byte[] {(byte) 0x88, 2, 0x11, 0x31}); // close, code 4401 (token expired)
          out.flush();
          in.transferTo(OutputStream.nullOutputStream());
        }
        default -> throw new IllegalStateException();
      }
    } catch (Exception e) {
      // the client went away
    }
  }

  /** Reads masked client text frames; answers each {@code ping} with a {@code pong}. */
  private static void answerPings(InputStream in, OutputStream out) throws IOException {
    while (true) {
      int b0 = in.read();
      int b1 = in.read();
      if (b0 < 0 || b1 < 0 || (b0 & 0x0f) == 8) {
        return;
      }
      long len = b1 & 0x7f;
      if (len == 126) {
        len = (in.read() << 8) | in.read();
      } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++) {
          len = (len << 8) | in.read();
        }
      }
      byte[] mask = in.readNBytes(4);
      byte[] payload = in.readNBytes((int) len);
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i % 4];
      }
      if (new String(payload, StandardCharsets.UTF_8).contains("\"ping\"")) {
        byte[] pong = "{\"type\":\"pong\"}".getBytes(StandardCharsets.UTF_8);
        out.write(new byte[] {(byte) 0x81, (byte) pong.length});
        out.write(pong);
        out.flush();
      }
    }
  }

  private static String accept(String key) throws Exception {
    byte[] sha1 = MessageDigest.getInstance("SHA-1")
        .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
    return Base64.getEncoder().encodeToString(sha1);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c == '\n') {
        return line.toString(StandardCharsets.US_ASCII).stripTrailing();
      }
      line.write(c);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
