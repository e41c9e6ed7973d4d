package com.companychat.client.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that only their owner may read (the remembered session, the outbox with unsent
 * messages): written to a temporary file created owner-only from the start, then moved over
 * the old one, so that no reader ever sees a half-written file or a moment of wider rights.
 */
public final class PrivateFile {
  private PrivateFile() {
  }

  /** Replaces {@code file}'s content atomically; the file is {@code rw-------} on POSIX systems. */
  public static void write(Path file, CharSequence content) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the profile directory is private already.
    }
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
