package com.companychat.client.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
  @TempDir
  Path dir;

  @Test
  void queuedMessagesSurviveARestartInOrderWithTheirClientIds() {
    Path file = dir.resolve("outbox.jsonl");
    Outbox before = new Outbox(file);
    Outbox.Entry a = before.add(2, "first \"quoted\"\nline", Instant.parse("2026-01-01T00:00:00Z"));
    Outbox.Entry b = before.add(3, "second ✓", Instant.parse("2026-01-01T00:00:01Z"));
    Outbox.Entry c = before.add(2, "third", Instant.parse("2026-01-01T00:00:02Z"));
    assertNotEquals(a.clientMsgId(), b.clientMsgId());

    Outbox after = new Outbox(file);
    assertEquals(List.of(a, b, c), after.pending());
  }

  @Test
  void anAcknowledgedMessageLeavesForGoodAndRemovingTwiceIsHarmless() {
    Path file = dir.resolve("outbox.jsonl");
    Outbox outbox = new Outbox(file);
    Outbox.Entry a = outbox.add(2, "a", Instant.now());
    Outbox.Entry b = outbox.add(2, "b", Instant.now());
    outbox.remove(a.clientMsgId());
    outbox.remove(a.clientMsgId());
    assertEquals(List.of(b), new Outbox(file).pending());
  }

  @Test
  void theOutboxFileIsReadableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("outbox.jsonl");
    Outbox outbox = new Outbox(file);
    outbox.add(2, "private words", Instant.now());
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
    outbox.add(2, "more", Instant.now());
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
  }

  @Test
  void anEmptyOrMissingFileIsAnEmptyOutbox() {
    assertEquals(List.of(), new Outbox(dir.resolve("none.jsonl")).pending());
  }
}
