package com.companychat.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import com.companychat.it.RawSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The frame guard in front of the WebSocket container: frames within the limit pass unchanged
 * however the bytes are split into reads; the first frame over it is replaced by a close frame
 * with 1009 at its head, before its payload is read, and nothing after it passes.
 */
class GuardedInputTest {
  static final int LIMIT = 64 * 1024;

  @Test
  void framesWithinTheLimitPassUnchangedWhateverTheReadSizes() throws IOException {
    byte[] stream = concat(frame(true, 0x1, 5), frame(true, 0x9, 0), frame(true, 0x1, 200),
        frame(false, 0x1, 30_000), frame(true, 0x0, 35_000), frame(true, 0x1, LIMIT), frame(true, 0xA, 3));
    for (int seed = 0; seed < 50; seed++) {
      assertArrayEquals(stream, readAll(stream, new Random(seed)), "seed " + seed);
    }
  }

  @Test
  void aFrameAnnouncingMoreThanTheLimitIsReplacedByClose1009AtItsHead() throws IOException {
    byte[] before = frame(true, 0x1, 10);
    for (long announced : new long[] {LIMIT + 1, 65 * 1024, 300 * 1024, 1024 * 1024, 20L * 1024 * 1024,
        200L * 1024 * 1024, Long.MAX_VALUE}) {
      byte[] stream = concat(before, head(true, 0x1, announced), new byte[1000]);
      for (int seed = 0; seed < 20; seed++) {
        assertArrayEquals(concat(before, GuardedInput.closeFrame(LIMIT)), readAll(stream, new Random(seed)),
            announced + " bytes, seed " + seed);
      }
    }
  }

  @Test
  void fragmentsAddingUpToMoreThanTheLimitAreRefusedAtTheFragmentThatPassesIt() throws IOException {
    byte[] accepted = concat(frame(false, 0x1, 30_000), frame(false, 0x0, 30_000));
    byte[] stream = concat(accepted, frame(true, 0x0, 30_000), frame(true, 0x1, 5));
    assertArrayEquals(concat(accepted, GuardedInput.closeFrame(LIMIT)), readAll(stream, new Random(1)));
  }

  @Test
  void whatFollowsARefusalIsReadAndDropped() throws IOException {
    Source source = new Source(concat(head(true, 0x1, 200L * 1024 * 1024), new byte[500_000]), new Random(3));
    GuardedInput in = new GuardedInput(source, LIMIT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16_384];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
    }
    assertArrayEquals(GuardedInput.closeFrame(LIMIT), out.toByteArray());
    assertEquals(0, source.left(), "everything was consumed");
  }

  private static byte[] readAll(byte[] stream, Random random) throws IOException {
    GuardedInput in = new GuardedInput(new Source(stream, random), LIMIT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      byte[] buffer = new byte[1 + random.nextInt(random.nextBoolean() ? 20 : 40_000)];
      int n = in.read(buffer, 0, buffer.length);
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buffer, 0, n);
    }
  }

  static byte[] frame(boolean fin, int opcode, int length) {
    byte[] payload = new byte[length];
    Arrays.fill(payload, (byte) 'x');
    return concat(head(fin, opcode, length), payload);
  }

  /** A masked frame head (zero mask: the payload goes as it is). */
  static byte[] head(boolean fin, int opcode, long length) {
    return concat(RawSocket.header(fin, opcode, length), new byte[4]);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }

  /** The container's input: the bytes in reads of random sizes, as the network delivers them. */
  static final class Source extends ServletInputStream {
    private final byte[] bytes;
    private final Random random;
    private int at;

    Source(byte[] bytes, Random random) {
      this.bytes = bytes;
      this.random = random;
    }

    int left() {
      return bytes.length - at;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (at == bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + random.nextInt(3_000)), bytes.length - at);
      System.arraycopy(bytes, at, b, off, n);
      at += n;
      return n;
    }

    @Override
    public int read() {
      return at == bytes.length ? -1 : bytes[at++] & 0xff;
    }

    @Override
    public boolean isFinished() {
      return at == bytes.length;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {}
  }
}
