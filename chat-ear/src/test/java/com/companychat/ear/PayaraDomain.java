package com.companychat.ear;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The Payara Server domain the admin guide's commands make (docs/admin-guide.md §4: Payara Server
 * unpacked to PAYARA_HOME, the domain in its default domains directory). Closing it stops the
 * domain and kills what is left of it, so that a failed run does not block the ports of the next one.
 */
final class PayaraDomain implements AutoCloseable {
  private static final Duration ASADMIN_TIMEOUT = Duration.ofMinutes(5);
  /** The one record Payara's launcher writes at every start of the domain (the JVM's command line). */
  static final String LAUNCHER_RECORD = "[NCLS-GFLAUNCHER-00005] [jakarta.enterprise.launcher]";

  private final Path payaraHome;
  private final Path domainsDir;
  private final String name;
  private final int portBase;
  private final Path logs;

  PayaraDomain(Path payaraHome, String name, int portBase, Path logs) {
    this.payaraHome = payaraHome;
    this.domainsDir = payaraHome.resolve("glassfish").resolve("domains");
    this.name = name;
    this.portBase = portBase;
    this.logs = logs;
  }

  /**
   * Nothing left of an earlier run: its domain stopped, its processes ended, {@code directory}
   * (where Payara Server was installed) deleted; and the domain's ports free.
   */
  void discardEarlierRun(Path directory) throws IOException, InterruptedException {
    stop();
    deleteTree(directory);
    requireFreePorts();
  }

  URI http() {
    return URI.create("http://127.0.0.1:" + (portBase + 80) + "/");
  }

  Path domainDir() {
    return domainsDir.resolve(name);
  }

  Path serverLog() {
    return domainDir().resolve("logs").resolve("server.log");
  }

  /** How often the domain has been started: the launcher's records in server.log and its rotated files. */
  int starts() throws IOException {
    int starts = 0;
    try (Stream<Path> files = Files.list(serverLog().getParent())) {
      for (Path log : files.filter(f -> f.getFileName().toString().startsWith("server.log")).toList()) {
        starts += (int) Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
            .filter(line -> line.startsWith("[") && line.contains(LAUNCHER_RECORD)).count();
      }
    }
    return starts;
  }

  /** Stops the domain, and kills its processes if that did not end them. */
  @Override
  public void close() throws IOException, InterruptedException {
    stop();
  }

  private void stop() throws IOException, InterruptedException {
    if (Files.isDirectory(domainDir()) && Files.exists(payaraHome.resolve("bin/asadmin"))) {
      asadminIgnoringFailure("stop-domain", "--domaindir", domainsDir.toString(), "--kill=false", name);
    }
    for (ProcessHandle leftover : leftoverProcesses()) {
      leftover.destroy();
      try {
        leftover.onExit().get(30, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        leftover.destroyForcibly();
      }
    }
  }

  /** The domain's JVM: the processes whose command line names this domain's directory. */
  private List<ProcessHandle> leftoverProcesses() {
    String marker = domainDir().toString();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(p -> p.pid() != ProcessHandle.current().pid())
          .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false))
          .toList();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private void requireFreePorts() {
    for (int offset : new int[] {48, 80, 81}) {
      int port = portBase + offset;
      try (ServerSocket probe = new ServerSocket(port)) {
        probe.setReuseAddress(true);
      } catch (IOException e) {
        throw new IllegalStateException("port " + port + " is taken by another process: PayaraServerIT needs "
            + portBase + ".." + (portBase + 99) + " (choose others with -Dchat.ear.it.portbase=...)", e);
      }
    }
  }

  private int asadminIgnoringFailure(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", payaraHome.resolve("bin/asadmin").toString()));
    command.addAll(List.of(arguments));
    Files.createDirectories(logs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(asadminLog().toFile()));
    builder.environment().put("AS_JAVA", System.getProperty("java.home"));
    Process process = builder.start();
    if (!process.waitFor(ASADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("asadmin " + arguments[0] + " hung; see " + asadminLog());
    }
    return process.exitValue();
  }

  private Path asadminLog() {
    return logs.resolve(name + "-asadmin.log");
  }

  /** The last lines of a log, for a failure message; never fails itself. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e + ")";
    }
  }
}
