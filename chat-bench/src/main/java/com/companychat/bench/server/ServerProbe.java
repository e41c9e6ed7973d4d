package com.companychat.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at server processes from outside, by pid: CPU and RSS from /proc, live heap through
 * {@code jcmd} after a full GC. No JMX port to open on the server, and nothing to change in it.
 * Without pids (another machine, or not given) every figure is -1.
 */
public final class ServerProbe {
  /** Linux reports process CPU in USER_HZ, which is 100 on every mainstream build. */
  private static final long NANOS_PER_TICK = 10_000_000L;
  private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");

  private final List<Long> pids;

  public ServerProbe(List<Long> pids) {
    this.pids = List.copyOf(pids);
  }

  public boolean knowsServer() {
    return !pids.isEmpty();
  }

  /** CPU time of all the server processes so far, in nanoseconds. */
  public long cpuNanos() {
    long ticks = 0;
    for (long pid : pids) {
      String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
      if (stat.isEmpty()) {
        continue;
      }
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
    return ticks * NANOS_PER_TICK;
  }

  /** Resident set of the first server process, in KiB. */
  public long rssKib() {
    if (pids.isEmpty()) {
      return -1;
    }
    for (String line : read(Path.of("/proc", pids.get(0).toString(), "status")).split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** Live heap of the first server process after a full collection, in KiB. */
  public long liveHeapKib() {
    if (pids.isEmpty()) {
      return -1;
    }
    String pid = pids.get(0).toString();
    jcmd(pid, "GC.run");
    Matcher used = USED.matcher(jcmd(pid, "GC.heap_info"));
    if (!used.find()) {
      return -1;
    }
    long value = Long.parseLong(used.group(1));
    return switch (used.group(2)) {
      case "G" -> value * 1024 * 1024;
      case "M" -> value * 1024;
      default -> value;
    };
  }

  private static String jcmd(String pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", pid, command)
          .redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return "";
    }
  }
}
