package com.companychat.client.net;

import com.companychat.client.model.PrivateFile;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * "Remember me": the server and the refresh token of the last login, in the user's config
 * directory, readable by the owner only. Never the password.
 */
public final class TokenStore {
  /** What is remembered. */
  public record Remembered(String server, String username, String refreshToken) {}

  private final Path file;

  public TokenStore(Path configDir) {
    this.file = configDir.resolve("session.json");
  }

  public static Path defaultConfigDir() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("company-chat");
  }

  public Optional<Remembered> load() {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      try (var reader = Json.createReader(new StringReader(Files.readString(file)))) {
        JsonObject o = reader.readObject();
        return Optional.of(new Remembered(o.getString("server"), o.getString("username"), o.getString("refresh_token")));
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public void save(Remembered remembered) throws IOException {
    PrivateFile.write(file, Json.createObjectBuilder().add("server", remembered.server())
        .add("username", remembered.username()).add("refresh_token", remembered.refreshToken()).build().toString());
  }

  public void forget() throws IOException {
    Files.deleteIfExists(file);
  }
}
