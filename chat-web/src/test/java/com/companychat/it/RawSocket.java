package com.companychat.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client written by hand on a plain TCP socket, for what well-behaved clients never
 * do: stop reading, never answer a ping, send invalid UTF-8.
 */
public final class RawSocket implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private long payloadRead;

  /** A frame as read: its opcode and payload. */
  record Frame(int opcode, byte[] payload) {
    int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  private RawSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Opens and upgrades; {@code receiveBuffer} bytes of kernel buffer at most on our side. */
  static RawSocket open(int port, String token, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(15_000);
    RawSocket raw = new RawSocket(socket);
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    raw.out.write(("GET /ws/chat/ HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    raw.out.flush();
    String head = raw.readHead();
    if (!head.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
    }
    return raw;
  }

  /**
   * Sends a bare upgrade request for {@code path} on a new connection and returns the status
   * code of the answer (101 when accepted); {@code authorization} null sends no such header. The
   * connection is closed at once either way: what a scanner or a flood does.
   */
  static int upgradeStatus(String host, int port, String path, String authorization) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(15_000);
      RawSocket raw = new RawSocket(socket);
      raw.out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      raw.out.flush();
      String status = raw.readHead().lines().findFirst().orElse("");
      return status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : -1;
    }
  }

  void sendText(byte[] payload) throws IOException {
    sendFrame(0x1, payload);
  }

  void sendFrame(int opcode, byte[] payload) throws IOException {
    sendFragment(true, opcode, payload);
  }

  /** One frame of a fragmented message: opcode 0 continues, {@code fin} ends the message. */
  void sendFragment(boolean fin, int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(header(fin, opcode, payload.length));
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  void rawWrite(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Only the head of a frame announcing {@code length} bytes, and a mask: no payload follows. */
  void sendHeaderOnly(int opcode, long length) throws IOException {
    out.write(header(true, opcode, length));
    out.write(new byte[4]);
    out.flush();
  }

  /** A masked client frame's head without its masking key (RFC 6455 §5.2). */
  public static byte[] header(boolean fin, int opcode, long length) {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.write((fin ? 0x80 : 0) | opcode);
    if (length < 126) {
      head.write(0x80 | (int) length);
    } else if (length < 65_536) {
      head.write(0x80 | 126);
      head.write((int) (length >> 8));
      head.write((int) (length & 0xff));
    } else {
      head.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        head.write((int) (length >> shift) & 0xff);
      }
    }
    return head.toByteArray();
  }

  Frame readFrame() throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    payloadRead += length;
    return new Frame(first & 0x0f, payload);
  }

  /** Bytes of frame payload read so far. */
  long payloadRead() {
    return payloadRead;
  }

  /** Reads frames until a close frame comes; pings are not answered. */
  Frame awaitClose() throws IOException {
    while (true) {
      Frame frame = readFrame();
      if (frame.opcode() == 0x8) {
        return frame;
      }
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    InputStream raw = socket.getInputStream();
    int matched = 0;
    while (matched < 4) {
      int b = raw.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
