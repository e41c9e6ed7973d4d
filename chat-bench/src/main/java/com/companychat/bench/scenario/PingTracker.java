package com.companychat.bench.scenario;

import com.companychat.bench.load.Latency;
import com.companychat.bench.socket.BenchSocket;
import com.companychat.bench.socket.FrameListener;
import com.companychat.protocol.ClientFrame;
import com.companychat.protocol.FrameCodec;
import com.companychat.protocol.ServerFrame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Pings every socket once, paced over a spread, and times each pong from its due time. */
final class PingTracker implements FrameListener {
  private final Map<BenchSocket, Long> due = new ConcurrentHashMap<>();
  private final Latency latency = new Latency();
  private final AtomicLong pongs = new AtomicLong();

  record Result(long pongs, Latency latency) {}

  @Override
  public void onFrame(BenchSocket socket, ServerFrame frame, long receivedNanos) {
    if (frame instanceof ServerFrame.Pong) {
      Long sentAt = due.remove(socket);
      if (sentAt != null) {
        latency.record(receivedNanos - sentAt);
        pongs.incrementAndGet();
      }
    }
  }

  Result pingAll(List<BenchSocket> sockets, Duration spread, Duration wait) {
    String ping = FrameCodec.encode(new ClientFrame.Ping());
    long start = System.nanoTime();
    long period = spread.toNanos() / Math.max(1, sockets.size());
    for (int i = 0; i < sockets.size(); i++) {
      BenchSocket socket = sockets.get(i);
      long dueAt = start + i * period;
      LockSupport.parkNanos(dueAt - System.nanoTime());
      if (socket != null && socket.isOpen()) {
        due.put(socket, dueAt);
        socket.send(ping);
      }
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (!due.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(50_000_000L);
    }
    return new Result(pongs.get(), latency);
  }
}
