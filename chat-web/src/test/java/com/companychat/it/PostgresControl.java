package com.companychat.it;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Stops and starts this machine's PostgreSQL cluster (127.0.0.1:5432) for fault tests. */
final class PostgresControl {
  private PostgresControl() {}

  static void stop() throws Exception {
    pgCtlCluster("stop", "-m", "fast");
  }

  static void start() throws Exception {
    pgCtlCluster("start");
    for (int i = 0; i < 100; i++) {
      if (new ProcessBuilder("pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432").start().waitFor() == 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("PostgreSQL did not come back");
  }

  /** The newest cluster installed, as bin/services.sh starts it. */
  private static void pgCtlCluster(String... action) throws Exception {
    String[] versions = new File("/etc/postgresql").list();
    if (versions == null || versions.length == 0) {
      throw new IllegalStateException("no PostgreSQL cluster under /etc/postgresql");
    }
    String version = Arrays.stream(versions).max((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
        .orElseThrow();
    List<String> command = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("sudo", "-n"));
    }
    command.addAll(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main"));
    command.addAll(Arrays.asList(action));
    int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
    }
  }
}
