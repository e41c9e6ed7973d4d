package com.companychat.ear;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A Payara Server domain made for one test run, as an admin would make it: {@code create-domain},
 * then {@code payara-config/setup-payara-server.sh}. Closing it stops the domain and kills what
 * is left of it, so that a failed run does not block the ports of the next one.
 */
final class PayaraDomain implements AutoCloseable {
  private static final Duration ASADMIN_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(15);

  private final Path payaraHome;
  private final Path domainsDir;
  private final String name;
  private final int portBase;

  private PayaraDomain(Path payaraHome, Path domainsDir, String name, int portBase) {
    this.payaraHome = payaraHome;
    this.domainsDir = domainsDir;
    this.name = name;
    this.portBase = portBase;
  }

  /** A new domain in place of any earlier one of that name (stopped and deleted first). */
  static PayaraDomain fresh(Path payaraHome, Path domainsDir, String name, int portBase) throws Exception {
    PayaraDomain domain = new PayaraDomain(payaraHome, domainsDir, name, portBase);
    domain.stop();
    domain.delete();
    domain.requireFreePorts();
    // The Hazelcast ports too, so that no other Payara on this machine is joined or collided with.
    domain.asadmin("create-domain", "--domaindir", domainsDir.toString(), "--portbase",
        Integer.toString(portBase), "--hazelcastdasport", Integer.toString(portBase + 90),
        "--hazelcaststartport", Integer.toString(portBase + 91), "--nopassword", name);
    return domain;
  }

  /** Runs the admin's setup script with {@code environment}; its output goes to {@link #setupLog}. */
  void setUp(Path script, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), payaraHome.toString(), name,
        Integer.toString(portBase)).redirectErrorStream(true).redirectOutput(setupLog().toFile());
    builder.environment().putAll(environment);
    builder.environment().put("CHAT_DOMAINS_DIR", domainsDir.toString());
    builder.environment().put("AS_JAVA", System.getProperty("java.home"));
    Process setup = builder.start();
    if (!setup.waitFor(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      setup.destroyForcibly();
      throw new IllegalStateException("setup-payara-server.sh did not finish in " + SETUP_TIMEOUT
          + "; see " + setupLog() + " and " + serverLog());
    }
    if (setup.exitValue() != 0) {
      throw new IllegalStateException("setup-payara-server.sh failed (exit " + setup.exitValue() + "):\n"
          + tail(setupLog(), 40) + "\nsee " + setupLog() + " and " + serverLog());
    }
  }

  /** Waits until the REST API answers an anonymous "me" with 401: the EAR is deployed and started. */
  void awaitApplication(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      try {
        last = http.send(HttpRequest.newBuilder(http().resolve("api/auth/me")).timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (last == 401) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("the application did not answer in " + timeout + " (last status " + last
        + "); see " + serverLog());
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

  Path setupLog() {
    return domainsDir.resolve(name + "-setup.log");
  }

  /** Stops the domain, and kills its processes if that did not end them. */
  @Override
  public void close() throws IOException, InterruptedException {
    stop();
  }

  private void stop() throws IOException, InterruptedException {
    if (Files.isDirectory(domainDir())) {
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

  private void delete() throws IOException {
    if (!Files.exists(domainDir())) {
      return;
    }
    try (Stream<Path> files = Files.walk(domainDir())) {
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

  private void asadmin(String... arguments) throws IOException, InterruptedException {
    int exit = asadminIgnoringFailure(arguments);
    if (exit != 0) {
      throw new IllegalStateException("asadmin " + arguments[0] + " failed (exit " + exit + "):\n"
          + tail(asadminLog(), 30));
    }
  }

  private int asadminIgnoringFailure(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", payaraHome.resolve("bin/asadmin").toString()));
    command.addAll(List.of(arguments));
    Files.createDirectories(domainsDir);
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
    return domainsDir.resolve(name + "-asadmin.log");
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
