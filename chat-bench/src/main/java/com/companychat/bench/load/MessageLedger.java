package com.companychat.bench.load;

import com.companychat.bench.socket.BenchSocket;
import com.companychat.bench.socket.FrameListener;
import com.companychat.protocol.ServerFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The books of one open-loop run. Message {@code seq} is due at {@code start + seq * period} and
 * carries {@code client_msg_id = prefix + seq}; every latency counts from that due time, so a
 * stalled server or a late generator cannot hide its delay (no coordinated omission). Each
 * message's acks (the sender's copy) and receipts are counted, so loss and duplicates are exact.
 */
public final class MessageLedger implements FrameListener {
  private final String prefix;
  private final long startNanos;
  private final long periodNanos;
  private final AtomicIntegerArray acks;
  private final AtomicIntegerArray receipts;
  private final Latency ackLatency = new Latency();
  private final Latency endToEnd = new Latency();
  private final LongAdder stray = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

  /** @param prefix unique per run: the server keeps client_msg_id unique per sender forever */
  public MessageLedger(String prefix, long startNanos, long periodNanos, int capacity) {
    this.prefix = prefix;
    this.startNanos = startNanos;
    this.periodNanos = periodNanos;
    this.acks = new AtomicIntegerArray(capacity);
    this.receipts = new AtomicIntegerArray(capacity);
  }

  public int capacity() {
    return acks.length();
  }

  public long dueNanos(long seq) {
    return startNanos + seq * periodNanos;
  }

  public String clientMsgId(long seq) {
    return prefix + seq;
  }

  @Override
  public void onFrame(BenchSocket socket, ServerFrame frame, long receivedNanos) {
    if (frame instanceof ServerFrame.ChatMessage) {
      ServerFrame.ChatMessage message = (ServerFrame.ChatMessage) frame;
      boolean ownEcho = message.senderId() == socket.user().id();
      count(message.clientMsgId(), receivedNanos, ownEcho ? acks : receipts, ownEcho ? ackLatency : endToEnd);
    } else if (frame instanceof ServerFrame.Error) {
      errors.computeIfAbsent(((ServerFrame.Error) frame).code(), c -> new LongAdder()).increment();
    }
  }

  private void count(String clientMsgId, long receivedNanos, AtomicIntegerArray copies, Latency latency) {
    int seq = seqOf(clientMsgId);
    if (seq < 0) {
      stray.increment();
    } else if (copies.getAndIncrement(seq) == 0) {
      latency.record(receivedNanos - dueNanos(seq));
    }
  }

  private int seqOf(String clientMsgId) {
    if (clientMsgId == null || !clientMsgId.startsWith(prefix)) {
      return -1;
    }
    try {
      long seq = Long.parseLong(clientMsgId, prefix.length(), clientMsgId.length(), 10);
      return seq < capacity() ? (int) seq : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Counts over the first {@code sent} messages. */
  public Tally tally(int sent) {
    return new Tally(sent, distinct(acks, sent), distinct(receipts, sent), extra(acks, sent),
        extra(receipts, sent), stray.sum(), Map.copyOf(errorsSnapshot()));
  }

  private Map<String, Long> errorsSnapshot() {
    Map<String, Long> snapshot = new java.util.TreeMap<>();
    errors.forEach((code, count) -> snapshot.put(code, count.sum()));
    return snapshot;
  }

  private static int distinct(AtomicIntegerArray copies, int sent) {
    int n = 0;
    for (int i = 0; i < sent; i++) {
      n += copies.get(i) > 0 ? 1 : 0;
    }
    return n;
  }

  private static int extra(AtomicIntegerArray copies, int sent) {
    int n = 0;
    for (int i = 0; i < sent; i++) {
      n += Math.max(0, copies.get(i) - 1);
    }
    return n;
  }

  public Latency ackLatency() {
    return ackLatency;
  }

  public Latency endToEnd() {
    return endToEnd;
  }

  /** What became of the messages sent: distinct acks and receipts, and the copies beyond one. */
  public record Tally(int sent, int acked, int received, int duplicatedAcks, int duplicatedReceipts,
      long stray, Map<String, Long> errors) {
    public int lost() {
      return sent - received;
    }

    public int unacked() {
      return sent - acked;
    }

    public int duplicated() {
      return duplicatedAcks + duplicatedReceipts;
    }

    public long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean complete() {
      return received == sent && acked == sent;
    }
  }
}
