package com.companychat.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a server test fails, the thread dumps of every Payara Micro running at that moment are
 * written to {@code target/thread-dumps/}, and the failure's message says whether any of them
 * holds a Java-level deadlock or threads blocked on a monitor: a test that timed out waiting for
 * a frame then tells a stalled server from a lost event, even where only its message survives
 * (a CI log). Registered for every test class by JUnit's extension auto-detection.
 */
public final class ServerThreadsOnFailure implements TestExecutionExceptionHandler {
  private static final Path DUMPS = Path.of("target", "thread-dumps");

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    if (!(failure instanceof AssertionError)) {
      throw failure;
    }
    String name = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName()
        .replaceAll("[^A-Za-z0-9_.-]", "_");
    List<String> findings = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains("payara-micro")).orElse(false))
        .forEach(p -> findings.add(dump(p.pid(), name)));
    if (findings.isEmpty()) {
      throw failure;
    }
    AssertionError annotated = new AssertionError(failure.getMessage() + " [server threads: "
        + String.join("; ", findings) + "]", failure);
    annotated.setStackTrace(failure.getStackTrace());
    throw annotated;
  }

  private static String dump(long pid, String test) {
    try {
      Files.createDirectories(DUMPS);
      Path file = DUMPS.resolve(test + "-" + pid + ".txt");
      Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print", "-l")
          .redirectErrorStream(true).redirectOutput(file.toFile()).start();
      if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
        jcmd.destroyForcibly();
        return "pid " + pid + " did not answer jcmd";
      }
      String threads = Files.readString(file, StandardCharsets.UTF_8);
      long blocked = threads.lines().filter(l -> l.contains("java.lang.Thread.State: BLOCKED")).count();
      boolean deadlock = threads.contains("Found one Java-level deadlock");
      return "pid " + pid + (deadlock ? " DEADLOCKED" : "") + ", " + blocked + " blocked, dump in " + file;
    } catch (IOException e) {
      return "pid " + pid + " not dumped: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "pid " + pid + " not dumped: interrupted";
    }
  }
}
