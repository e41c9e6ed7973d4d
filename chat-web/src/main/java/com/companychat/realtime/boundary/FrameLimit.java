package com.companychat.realtime.boundary;

/**
 * Reads the heads of a client's WebSocket frames (RFC 6455 §5.2) as the bytes arrive, before the
 * container buffers anything, and refuses the first frame whose message would exceed the limit:
 * a single frame announcing more, or fragments adding up to more. The bytes of a frame head are
 * withheld until the head is complete, so that what is handed on always ends between frames or
 * inside an accepted frame's payload; after a refusal nothing more is handed on.
 */
final class FrameLimit {
  /** The longest head: 2 bytes, an 8-byte length, a 4-byte mask. */
  static final int MAX_HEAD = 14;

  private final long maxMessage;
  private final byte[] head = new byte[MAX_HEAD];
  private int headLength;
  private long payloadLeft;
  private long messageSoFar;
  private boolean refused;

  FrameLimit(long maxMessage) {
    this.maxMessage = maxMessage;
  }

  /** Head bytes read but not handed on yet: the head they start is not complete. */
  int withheld() {
    return headLength;
  }

  /** Whether a frame was refused: the connection must be closed, nothing more handed on. */
  boolean refused() {
    return refused;
  }

  /**
   * Filters {@code b[from, to)} in place: what may pass is written from {@code out} on, in order.
   * Requires {@code out + withheld() <= from}: the withheld head bytes are written out before the
   * rest of their frame, and must not overtake the bytes still to be read.
   *
   * @return the end of what was written
   */
  int filter(byte[] b, int out, int from, int to) {
    int at = from;
    while (at < to && !refused) {
      if (payloadLeft > 0) {
        int n = (int) Math.min(payloadLeft, to - at);
        System.arraycopy(b, at, b, out, n);
        out += n;
        at += n;
        payloadLeft -= n;
      } else {
        head[headLength++] = b[at++];
        if (headLength >= 2 && headLength == headSize()) {
          out = endOfHead(b, out);
        }
      }
    }
    return out;
  }

  private int endOfHead(byte[] b, int out) {
    long length = payloadLength();
    boolean control = (head[0] & 0x08) != 0;
    int opcode = head[0] & 0x0f;
    long message = control ? length : opcode == 0 ? messageSoFar + length : length;
    if (length < 0 || message > maxMessage) {
      refused = true;
      headLength = 0;
      return out;
    }
    if (!control) {
      messageSoFar = message;
    }
    System.arraycopy(head, 0, b, out, headLength);
    out += headLength;
    headLength = 0;
    payloadLeft = length;
    return out;
  }

  private int headSize() {
    int length7 = head[1] & 0x7f;
    int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    int mask = (head[1] & 0x80) != 0 ? 4 : 0;
    return 2 + extended + mask;
  }

  /** The announced payload length; negative when the 64-bit length has its top bit set. */
  private long payloadLength() {
    int length7 = head[1] & 0x7f;
    if (length7 < 126) {
      return length7;
    }
    int bytes = length7 == 126 ? 2 : 8;
    long length = 0;
    for (int i = 0; i < bytes; i++) {
      length = (length << 8) | (head[2 + i] & 0xff);
    }
    return length;
  }
}
