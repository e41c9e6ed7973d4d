package com.companychat.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The server's configuration (CONTRACT §1), read once at start through MicroProfile Config by
 * {@link ChatSettingsProducer}; a plain value so that services can be built without a container.
 * {@code dbDataSource} ({@code chat.db.datasource}) is the JNDI name of a container DataSource
 * that, when given, replaces the application's own pool on {@code dbUrl}.
 */
public record ChatSettings(
    Path dataDir,
    String dbUrl,
    Optional<String> dbUser,
    Optional<String> dbPassword,
    Optional<String> dbDataSource,
    Optional<String> redisUrl,
    String adminUsername,
    Optional<String> adminPassword,
    Optional<Path> jwtPrivateKey,
    Optional<Path> jwtPublicKey,
    String jwtIssuer,
    boolean demo,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    int passwordIterations) {

  /**
   * Settings without a container data source ({@code chat.db.datasource} unset), as tests and
   * tools build them: the application pools {@code dbUrl} itself.
   */
  public ChatSettings(Path dataDir, String dbUrl, Optional<String> dbUser, Optional<String> dbPassword,
      Optional<String> redisUrl, String adminUsername, Optional<String> adminPassword,
      Optional<Path> jwtPrivateKey, Optional<Path> jwtPublicKey, String jwtIssuer, boolean demo,
      Duration accessTokenTtl, Duration refreshTokenTtl, int passwordIterations) {
    this(dataDir, dbUrl, dbUser, dbPassword, Optional.empty(), redisUrl, adminUsername, adminPassword,
        jwtPrivateKey, jwtPublicKey, jwtIssuer, demo, accessTokenTtl, refreshTokenTtl, passwordIterations);
  }

  public static final String DEFAULT_ISSUER = "company-chat";
  /** The fewest PBKDF2 rounds Jakarta Security's hash accepts; for tests and tools only. */
  public static final int MIN_PASSWORD_ITERATIONS = 1024;

  /** The H2 file database that serves when {@code chat.db.url} is not given. */
  public static String embeddedDbUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.resolve("chat-db").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  public static Path defaultDataDir() {
    return Path.of(System.getProperty("user.home"), ".company-chat");
  }

  /** Settings for tests and tools: the given database, everything else at its default. */
  public static ChatSettings forDatabase(Path dataDir, String dbUrl) {
    return new ChatSettings(dataDir, dbUrl, Optional.empty(), Optional.empty(), Optional.empty(),
        "admin", Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_ISSUER, false,
        Duration.ofMinutes(15), Duration.ofDays(30), MIN_PASSWORD_ITERATIONS);
  }

}
