package com.companychat.ear;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    Files.createDirectories(logs);
    Path log = logs.resolve(String.format("guide-%02d-%s.log", ++runs, name));
    // -e: the first failing command fails the block, where an admin would stop and look.
    ProcessBuilder builder = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", guide.commands(name))
        .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(variables);
    builder.environment().put("AS_JAVA", System.getProperty("java.home"));  // asadmin's JVM: the test's
    Process process = builder.start();
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

  Path logs() {
    return logs;
  }
}
