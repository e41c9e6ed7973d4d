package com.companychat.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads {@code chat.*} once; every default of CONTRACT §1 is declared here and nowhere else. */
@ApplicationScoped
public class ChatSettingsProducer {

  @Produces
  @Singleton
  ChatSettings settings() {
    return read(ConfigProvider.getConfig());
  }

  @Produces
  @Singleton
  SendLimits sendLimits() {
    Config config = ConfigProvider.getConfig();
    return new SendLimits(
        config.getOptionalValue("chat.rate.messages-per-second", Double.class).orElse(SendLimits.CONTRACT.perSecond()),
        config.getOptionalValue("chat.rate.burst", Integer.class).orElse(SendLimits.CONTRACT.burst()));
  }

  @Produces
  @Singleton
  LoginLimits loginLimits() {
    Config config = ConfigProvider.getConfig();
    LoginLimits fallback = LoginLimits.DEFAULT;
    return new LoginLimits(
        config.getOptionalValue("chat.login.account-attempts", Integer.class).orElse(fallback.accountAttempts()),
        config.getOptionalValue("chat.login.account-per-second", Double.class).orElse(fallback.accountPerSecond()),
        config.getOptionalValue("chat.login.address-attempts", Integer.class).orElse(fallback.addressAttempts()),
        config.getOptionalValue("chat.login.address-per-second", Double.class).orElse(fallback.addressPerSecond()));
  }

  @Produces
  @Singleton
  SocketSettings socketSettings() {
    Config config = ConfigProvider.getConfig();
    return new SocketSettings(
        Duration.ofSeconds(config.getOptionalValue("chat.socket.ping-seconds", Long.class).orElse(25L)),
        Duration.ofSeconds(config.getOptionalValue("chat.socket.idle-timeout-seconds", Long.class).orElse(75L)),
        config.getOptionalValue("chat.socket.max-per-user", Integer.class).orElse(SocketSettings.DEFAULT_MAX_PER_USER),
        config.getOptionalValue("chat.socket.max-queued-bytes", Long.class).orElse(SocketSettings.DEFAULT_MAX_QUEUED_BYTES));
  }

  /** Who may name the client's address in {@code X-Forwarded-For} ({@link TrustedProxies}). */
  @Produces
  @Singleton
  TrustedProxies trustedProxies() {
    return TrustedProxies.parse(ConfigProvider.getConfig()
        .getOptionalValue("chat.http.trusted-proxies", String.class).orElse(TrustedProxies.DEFAULT));
  }

  /** The JWT key pair, read (or generated) once for signing and verifying alike. */
  @Produces
  @Singleton
  java.security.KeyPair jwtKeys(ChatSettings settings) {
    return com.companychat.accounts.control.JwtKeyFiles.loadOrCreate(settings.jwtPrivateKey(),
        settings.jwtPublicKey(), settings.dataDir());
  }

  /** Reads the settings from any MicroProfile Config. */
  public static ChatSettings read(Config config) {
    Path dataDir = config.getOptionalValue("chat.data.dir", String.class)
        .map(Path::of).orElseGet(ChatSettings::defaultDataDir);
    return new ChatSettings(
        dataDir,
        config.getOptionalValue("chat.db.url", String.class)
            .orElseGet(() -> ChatSettings.embeddedDbUrl(dataDir)),
        config.getOptionalValue("chat.db.user", String.class),
        config.getOptionalValue("chat.db.password", String.class),
        config.getOptionalValue("chat.db.datasource", String.class).filter(s -> !s.isBlank()),
        config.getOptionalValue("chat.redis.url", String.class).filter(s -> !s.isBlank()),
        config.getOptionalValue("chat.admin.username", String.class).orElse("admin"),
        config.getOptionalValue("chat.admin.password", String.class).filter(s -> !s.isEmpty()),
        config.getOptionalValue("chat.jwt.private-key", String.class).map(Path::of),
        config.getOptionalValue("chat.jwt.public-key", String.class).map(Path::of),
        config.getOptionalValue("chat.jwt.issuer", String.class).orElse(ChatSettings.DEFAULT_ISSUER),
        config.getOptionalValue("chat.demo", Boolean.class).orElse(false),
        Duration.ofSeconds(config.getOptionalValue("chat.jwt.access-token-seconds", Long.class).orElse(900L)),
        Duration.ofDays(config.getOptionalValue("chat.jwt.refresh-token-days", Long.class).orElse(30L)),
        config.getOptionalValue("chat.password.iterations", Integer.class).orElse(210_000));
  }
}
