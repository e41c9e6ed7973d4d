package com.companychat.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Payara Micro process behind a port, seen from outside through {@code /proc}: how many
 * threads and file descriptors it holds, so that a test can prove a flood left nothing behind.
 * Only processes this test JVM started (Arquillian's or a {@link MicroInstance}) are found.
 */
final class ServerProcess {
  private final long pid;

  private ServerProcess(long pid) {
    this.pid = pid;
  }

  /** The Payara Micro started by this JVM that listens on {@code port}, if it can be told apart. */
  static Optional<ServerProcess> listeningOn(int port) {
    List<ProcessHandle> micros = ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("payara-micro")).toList();
    return micros.stream()
        .filter(p -> List.of(p.info().arguments().orElse(new String[0])).contains(Integer.toString(port)))
        .findFirst().or(() -> micros.size() == 1 ? Optional.of(micros.get(0)) : Optional.empty())
        .map(p -> new ServerProcess(p.pid()));
  }

  int threads() {
    try (Stream<String> status = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
      return status.filter(l -> l.startsWith("Threads:")).map(l -> Integer.parseInt(l.substring(8).strip()))
          .findFirst().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long fileDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
