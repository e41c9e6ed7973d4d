package com.companychat.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {
  @TempDir
  Path dir;

  @Test
  void theRefreshTokenIsKeptForTheOwnerOnlyAndNeverThePassword() throws Exception {
    TokenStore store = new TokenStore(dir);
    store.save(new TokenStore.Remembered("http://chat.example:8080", "alice", "refresh-123"));
    Path file = dir.resolve("session.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertFalse(Files.readString(file).contains("password"));
    assertEquals(Optional.of(new TokenStore.Remembered("http://chat.example:8080", "alice", "refresh-123")),
        new TokenStore(dir).load());
  }

  @Test
  void logoutForgetsItAndAGarbledFileIsIgnored() throws Exception {
    TokenStore store = new TokenStore(dir);
    store.save(new TokenStore.Remembered("s", "u", "t"));
    store.forget();
    assertTrue(store.load().isEmpty());
    Files.writeString(dir.resolve("session.json"), "{not json");
    assertTrue(store.load().isEmpty());
  }
}
