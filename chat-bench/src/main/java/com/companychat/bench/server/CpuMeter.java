package com.companychat.bench.server;

import com.companychat.bench.Json;
import jakarta.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * CPU spent between two moments, split into the load generator (this JVM), the server processes
 * and the whole machine (which adds PostgreSQL, Redis and the kernel). Percentages are of the
 * whole machine: 100 means every core busy.
 */
public final class CpuMeter {
  private static final long NANOS_PER_TICK = 10_000_000L;
  private final ServerProbe server;

  public CpuMeter(ServerProbe server) {
    this.server = server;
  }

  public record Sample(long wallNanos, long generatorNanos, long serverNanos, long machineBusyNanos) {}

  public Sample sample() {
    return new Sample(System.nanoTime(), generatorCpuNanos(), server.cpuNanos(), machineBusyNanos());
  }

  /** @param messages what the interval persisted, for the CPU cost of one message */
  public JsonObject between(Sample from, Sample to, long messages) {
    double wall = (to.wallNanos() - from.wallNanos()) * (double) Runtime.getRuntime().availableProcessors();
    long generator = to.generatorNanos() - from.generatorNanos();
    long serverCpu = to.serverNanos() - from.serverNanos();
    long machine = to.machineBusyNanos() - from.machineBusyNanos();
    double perMessage = messages > 0 ? 1e-6 / messages : Double.NaN;
    return Json.object()
        .add("generator_cpu_pct", Json.round(100 * generator / wall))
        .add("server_cpu_pct", server.knowsServer() ? Json.round(100 * serverCpu / wall) : -1)
        .add("machine_cpu_pct", Json.round(100 * machine / wall))
        .add("server_cpu_ms_per_msg", server.knowsServer() ? Json.round(serverCpu * perMessage) : -1)
        // The budget counts JVM, PostgreSQL, Redis and kernel: all but the generator.
        .add("system_cpu_ms_per_msg", Json.round((machine - generator) * perMessage))
        .build();
  }

  private static long generatorCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return 0;
  }

  /** Busy time of all cores: everything in /proc/stat's first line but idle and iowait. */
  private static long machineBusyNanos() {
    String stat = ServerProbe.read(Path.of("/proc/stat"));
    if (stat.isEmpty()) {
      return 0;
    }
    String[] fields = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < Math.min(fields.length, 9); i++) {
      if (i != 4 && i != 5) {
        busy += Long.parseLong(fields[i]);
      }
    }
    return busy * NANOS_PER_TICK;
  }
}
