package com.companychat.realtime.boundary;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The socket's input as the WebSocket container reads it, through a {@link FrameLimit}: a frame
 * over the limit never reaches the container. In its place the container reads a close frame
 * with code 1009, as if the client had sent it, and answers it the way it answers any close: it
 * tells the endpoint, echoes 1009 to the client and ends the connection. Whatever the client
 * sends after that is read and dropped, never buffered.
 */
final class GuardedInput extends ServletInputStream {
  private static final byte[] NOTHING = {};

  private final ServletInputStream in;
  private final FrameLimit limit;
  private byte[] pending = NOTHING;
  private int pendingAt;
  private final long maxMessage;

  GuardedInput(ServletInputStream in, long maxMessage) {
    this.in = in;
    this.maxMessage = maxMessage;
    this.limit = new FrameLimit(maxMessage);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (pendingAt < pending.length) {
      return takePending(b, off, len);
    }
    if (limit.refused()) {
      int dropped = in.read(b, off, len);
      return dropped < 0 ? dropped : 0;
    }
    int gap = limit.withheld();
    if (len <= gap + 1) {
      return readIntoSmallBuffer(b, off, len);
    }
    int n = in.read(b, off + gap, len - gap);
    if (n <= 0) {
      return n;
    }
    int end = limit.filter(b, off, off + gap, off + gap + n);
    if (limit.refused()) {
      pending = closeFrame(maxMessage);
      pendingAt = 0;
      if (end == off) {
        return takePending(b, off, len);
      }
    }
    return end - off;
  }

  /* A read too short to hold the withheld head: through a buffer of our own, the rest kept. */
  private int readIntoSmallBuffer(byte[] b, int off, int len) throws IOException {
    byte[] own = new byte[FrameLimit.MAX_HEAD + 2];
    int n = read(own, 0, own.length);
    if (n <= 0) {
      return n;
    }
    int given = Math.min(n, len);
    System.arraycopy(own, 0, b, off, given);
    byte[] rest = new byte[n - given + pending.length - pendingAt];
    System.arraycopy(own, given, rest, 0, n - given);
    System.arraycopy(pending, pendingAt, rest, n - given, pending.length - pendingAt);
    pending = rest;
    pendingAt = 0;
    return given;
  }

  private int takePending(byte[] b, int off, int len) {
    int n = Math.min(len, pending.length - pendingAt);
    System.arraycopy(pending, pendingAt, b, off, n);
    pendingAt += n;
    return n;
  }

  /** A masked close frame (zero mask) with code 1009, as a client would send it; the reason names the limit. */
  static byte[] closeFrame(long maxMessage) {
    String limit = maxMessage % 1024 == 0 ? maxMessage / 1024 + " KiB" : maxMessage + " bytes";
    byte[] reason = ("frame over " + limit).getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[2 + 4 + 2 + reason.length];
    frame[0] = (byte) 0x88;
    frame[1] = (byte) (0x80 | (2 + reason.length));
    frame[6] = (byte) (1009 >> 8);
    frame[7] = (byte) (1009 & 0xff);
    System.arraycopy(reason, 0, frame, 8, reason.length);
    return frame;
  }

  @Override
  public int read(byte[] b) throws IOException {
    return read(b, 0, b.length);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0 && isReady());
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int available() throws IOException {
    return pending.length - pendingAt + in.available();
  }

  @Override
  public boolean isFinished() {
    return pendingAt >= pending.length && in.isFinished();
  }

  /** Ready while a pending close frame waits: the container must read it without new input. */
  @Override
  public boolean isReady() {
    return pendingAt < pending.length || in.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    in.setReadListener(listener);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
