package com.companychat.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

/** chat.redis.url → Redisson's single-server settings (TLS is tested here as configuration only). */
class RedisUrlTest {

  @Test
  void aPlainUrlIsAddressOnly() {
    RedisUrl url = RedisUrl.parse("redis://127.0.0.1:6379");
    assertEquals(new RedisUrl(false, "127.0.0.1", 6379, Optional.empty(), Optional.empty()), url);
    SingleServerConfig server = url.applyTo(new Config());
    assertEquals("redis://127.0.0.1:6379", server.getAddress());
    assertNull(server.getPassword());
    assertNull(server.getUsername());
  }

  @Test
  void userAndPasswordGoToRedissonsSettingsNotIntoTheAddress() {
    SingleServerConfig server = RedisUrl.parse("redis://chat:s%40cret:x@redis.internal:6380").applyTo(new Config());
    assertEquals("redis://redis.internal:6380", server.getAddress());
    assertEquals("chat", server.getUsername());
    assertEquals("s@cret:x", server.getPassword(), "percent-encoding decoded, a colon in the password kept");
  }

  @Test
  void aPasswordAloneIsRequirepass() {
    RedisUrl url = RedisUrl.parse("redis://:pa+ss@localhost");
    assertEquals(Optional.empty(), url.username());
    assertEquals(Optional.of("pa+ss"), url.password());
    assertEquals(6379, url.port(), "the default port");
  }

  @Test
  void redissIsTls() {
    RedisUrl url = RedisUrl.parse("rediss://default:pw@cache.example.com:6380");
    assertTrue(url.tls());
    SingleServerConfig server = url.applyTo(new Config());
    assertEquals("rediss://cache.example.com:6380", server.getAddress(), "Redisson turns TLS on for rediss://");
    assertTrue(server.isSslEnableEndpointIdentification(), "the server's certificate must name its host");
    assertFalse(RedisUrl.parse("redis://h:1").tls());
  }

  @Test
  void noSecretInTextOrErrors() {
    assertEquals("redis://h:1 as u with a password", RedisUrl.parse("redis://u:topsecret@h:1").toString());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> RedisUrl.parse("http://u:topsecret@h:1"));
    assertFalse(bad.getMessage().contains("topsecret"));
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis://u:top secret@h:1"));
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis:///nohost"));
  }
}
