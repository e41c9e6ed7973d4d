package com.companychat.ear;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs command blocks of the admin guide as an admin would paste them into bash: the text as
 * printed, in a given directory, with the guide's variables set to the test's values. Each run's
 * output goes to a log file of its own and is returned; a failing command fails the run.
 */
final class GuideShell {
  private static final Duration TIMEOUT = Duration.ofMinutes(15);

  private final AdminGuide guide;
  private final Map<String, String> variables;
  private final Path logs;
  private int runs;

  GuideShell(AdminGuide guide, Map<String, String> variables, Path logs) {
    this.guide = guide;
    this.variables = new TreeMap<>(variables);
    this.logs = logs;
  }

  /** The output of the block marked {@code guide-test: name}, run in {@code directory}. */
  String run(String name, Path directory) throws IOException, InterruptedException {
    return run(name, directory, false, "");
  }

  /**
   * A block the guide has run as root (§2), in {@code directory}, given {@code input} as what an
   * admin types at its prompts. Run through {@code sudo -n} when the test is not root.
   */
  String runAsRoot(String name, Path directory, String input) throws IOException, InterruptedException {
    return run(name, directory, true, input);
  }

  private String run(String name, Path directory, boolean asRoot, String input) throws IOException, InterruptedException {
    Path log = nextLog(name);
    Process process = start(name, directory, log, asRoot);
    try (var stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the guide's block " + name + " did not finish in " + TIMEOUT + "; see " + log);
    }
    String output = Files.readString(log, StandardCharsets.ISO_8859_1);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("the guide's block " + name + " (" + guide.file() + ") failed (exit "
          + process.exitValue() + "):\n" + PayaraDomain.tail(log, 40) + "\nsee " + log);
    }
    return output;
  }

  /** A block that runs until stopped (a server in the foreground), started in {@code directory}. */
  Running startInBackground(String name, Path directory) throws IOException {
    Path log = nextLog(name);
    return new Running(start(name, directory, log, false), log);
  }

  record Running(Process process, Path log) implements AutoCloseable {
    /** Ends the block's processes, the shell's children first. */
    @Override
    public void close() throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }

  private Path nextLog(String name) throws IOException {
    Files.createDirectories(logs);
    return logs.resolve(String.format("guide-%02d-%s.log", ++runs, name));
  }

  private Process start(String name, Path directory, Path log, boolean asRoot) throws IOException {
    // -e: the first failing command fails the block, where an admin would stop and look. setsid:
    // no controlling terminal, so that a prompt (createuser --pwprompt) reads the standard input
    // and never waits at the terminal of whoever runs bin/test.
    List<String> command = new ArrayList<>(List.of("setsid", "--wait"));
    if (asRoot && !"root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("sudo", "-n", "--preserve-env"));
    }
    command.addAll(List.of("bash", "-e", "-o", "pipefail", "-c", guide.commands(name)));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(variables);
    builder.environment().put("AS_JAVA", System.getProperty("java.home"));  // asadmin's JVM: the test's
    return builder.start();
  }

  Path logs() {
    return logs;
  }
}
