package com.companychat.bench.load;

import com.companychat.bench.Json;
import com.companychat.bench.server.CpuMeter;
import com.companychat.bench.socket.BenchSocket;
import com.companychat.protocol.ClientFrame;
import com.companychat.protocol.FrameCodec;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One open-loop run: R messages a second for a while, round-robin over the pairs, so that each
 * sender sends R/P a second at even spacing. Sending never waits for answers; the schedule is
 * fixed in advance and the ledger measures against it.
 */
public final class RateRun {
  /** A line of ordinary chat: the size of a message is not what this benchmark is about. */
  static final String TEXT = "Benchmark message: a line of ordinary chat, about sixty chars.";

  private final List<Pair> pairs;
  private final CpuMeter cpu;
  /** Nothing lost is still stuck in a backlog this long: the wait for stragglers ends here. */
  private static final Duration MAX_DRAIN = Duration.ofMinutes(2);
  private final Duration quiet;

  /**
   * @param quiet after the last send, how long acks and receipts may stop arriving before what
   *     is missing counts as lost: an overloaded server's backlog is late, not lost
   */
  public RateRun(List<Pair> pairs, CpuMeter cpu, Duration quiet) {
    this.pairs = List.copyOf(pairs);
    this.cpu = cpu;
    this.quiet = quiet;
  }

  /** @param prefix unique among runs against the same database */
  public RateResult run(String prefix, double rate, Duration duration) {
    int total = (int) Math.max(1, Math.round(rate * duration.toMillis() / 1000.0));
    long period = Math.round(1e9 / rate);
    MessageLedger ledger = new MessageLedger(prefix, System.nanoTime() + 20_000_000L, period, total);
    pairs.forEach(p -> {
      p.sender().listenTo(ledger);
      p.receiver().listenTo(ledger);
    });
    CpuMeter.Sample before = cpu.sample();
    long maxLag = sendAll(ledger, total);
    CpuMeter.Sample after = cpu.sample();
    double sendSeconds = (after.wallNanos() - ledger.dueNanos(0)) / 1e9;
    MessageLedger.Tally tally = awaitDrain(ledger, total);
    double drainSeconds = (System.nanoTime() - after.wallNanos()) / 1e9;
    return new RateResult(rate, pairs.size(), duration, total / sendSeconds, maxLag / 1e6, drainSeconds, tally,
        ledger.endToEnd(), ledger.ackLatency(), cpu.between(before, after, total), closedSockets());
  }

  /** @return the most the generator fell behind its own schedule, in nanoseconds */
  private long sendAll(MessageLedger ledger, int total) {
    long maxLag = 0;
    for (int seq = 0; seq < total; seq++) {
      long due = ledger.dueNanos(seq);
      long now = System.nanoTime();
      while (now < due) {
        LockSupport.parkNanos(due - now);
        now = System.nanoTime();
      }
      maxLag = Math.max(maxLag, now - due);
      Pair pair = pairs.get(seq % pairs.size());
      pair.sender().send(FrameCodec.encode(
          new ClientFrame.SendMessage(pair.receiver().user().id(), TEXT, ledger.clientMsgId(seq))));
    }
    return maxLag;
  }

  private MessageLedger.Tally awaitDrain(MessageLedger ledger, int total) {
    long start = System.nanoTime();
    long lastProgress = start;
    MessageLedger.Tally tally = ledger.tally(total);
    while (!tally.complete() && System.nanoTime() - lastProgress < quiet.toNanos()
        && System.nanoTime() - start < MAX_DRAIN.toNanos()) {
      LockSupport.parkNanos(100_000_000L);
      MessageLedger.Tally next = ledger.tally(total);
      if (next.acked() + next.received() > tally.acked() + tally.received()) {
        lastProgress = System.nanoTime();
      }
      tally = next;
    }
    return tally;
  }

  private Map<String, Integer> closedSockets() {
    List<BenchSocket> sockets = new ArrayList<>();
    pairs.forEach(p -> sockets.addAll(List.of(p.sender(), p.receiver())));
    return BenchSocket.closedBy(sockets);
  }

  /** Everything one run measured. */
  public record RateResult(double targetRate, int pairs, Duration duration, double achievedSendRate,
      double maxSendLagMs, double drainSeconds, MessageLedger.Tally tally, Latency endToEnd, Latency ack, JsonObject cpu,
      Map<String, Integer> closedBy) {

    public int closedSockets() {
      return closedBy.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Held: nothing lost, unacknowledged or refused, and p99 end to end within the bound. */
    public boolean held(double p99LimitMs) {
      return tally.complete() && tally.errorCount() == 0 && tally.duplicated() == 0
          && closedSockets() == 0 && endToEnd.percentileMs(99) <= p99LimitMs;
    }

    public JsonObject toJson() {
      return Json.object()
          .add("target_rate", targetRate).add("pairs", pairs).add("duration_s", duration.toMillis() / 1000.0)
          .add("achieved_send_rate", Json.round(achievedSendRate))
          .add("max_send_lag_ms", Json.round(maxSendLagMs)).add("drain_s", Json.round(drainSeconds))
          .add("sent", tally.sent()).add("acked", tally.acked()).add("received", tally.received())
          .add("lost", tally.lost()).add("unacked", tally.unacked()).add("duplicated", tally.duplicated())
          .add("stray", tally.stray()).add("errors", tally.errorCount()).add("error_codes", Json.counts(tally.errors()))
          .add("closed_sockets", closedSockets()).add("closed_by", Json.counts(closedBy))
          .add("e2e_ms", endToEnd.toJson()).add("ack_ms", ack.toJson())
          .add("cpu", cpu)
          .build();
    }
  }
}
