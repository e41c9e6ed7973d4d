package com.companychat.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

/**
 * {@code chat.redis.url} as Redisson's single-server settings: {@code redis://host:port} or
 * {@code rediss://host:port} (TLS, the JVM's trust store), with optional credentials
 * {@code redis://user:password@host:port} or {@code redis://:password@host:port} (Redis's
 * {@code requirepass}); percent-encoding in them is decoded. The credentials go to Redisson's
 * username and password settings, never into the address, so that no log line shows them.
 */
public record RedisUrl(boolean tls, String host, int port, Optional<String> username, Optional<String> password) {
  public static final int DEFAULT_PORT = 6379;

  /** Reads {@code url}; a malformed one is an {@link IllegalArgumentException} naming no secret. */
  public static RedisUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("chat.redis.url is not a URL (redis://[user:password@]host:port)");
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException("chat.redis.url must start with redis:// or rediss://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("chat.redis.url names no host (redis://[user:password@]host:port)");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      String rawUser = colon < 0 ? "" : info.substring(0, colon);
      String rawPassword = colon < 0 ? info : info.substring(colon + 1);
      user = Optional.of(decode(rawUser)).filter(s -> !s.isEmpty());
      password = Optional.of(decode(rawPassword)).filter(s -> !s.isEmpty());
    }
    return new RedisUrl(scheme.equals("rediss"), uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
        user, password);
  }

  /** The address Redisson connects to: scheme, host and port, without credentials. */
  public String address() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return (tls ? "rediss://" : "redis://") + h + ":" + port;
  }

  /** Sets address, username and password of {@code config}'s single server; TLS follows the scheme. */
  public SingleServerConfig applyTo(Config config) {
    SingleServerConfig server = config.useSingleServer().setAddress(address());
    username.ifPresent(server::setUsername);
    password.ifPresent(server::setPassword);
    return server;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return address() + username.map(u -> " as " + u).orElse("") + (password.isPresent() ? " with a password" : "");
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
