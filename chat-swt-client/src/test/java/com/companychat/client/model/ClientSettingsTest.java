package com.companychat.client.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {
  @TempDir
  Path dir;

  @Test
  void defaultsThenWhatWasChosenAcrossStarts() throws Exception {
    Path file = dir.resolve("settings.properties");
    ClientSettings first = new ClientSettings(file);
    assertTrue(first.showTextInNotifications());
    assertFalse(first.notificationSound(), "no sound unless asked for");
    assertTrue(first.windowBounds().isEmpty());
    first.windowBounds(40, 30, 900, 640);
    first.notificationSound(true);
    ClientSettings next = new ClientSettings(file);
    assertArrayEquals(new int[] {40, 30, 900, 640}, next.windowBounds().orElseThrow());
    assertTrue(next.notificationSound());
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
  }
}
