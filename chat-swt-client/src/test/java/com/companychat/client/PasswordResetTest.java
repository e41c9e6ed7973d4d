package com.companychat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.companychat.client.net.ChatApi;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordResetTest {
  @Test
  void theNoticeNamesWhoResetThePasswordAndWhenInTheComputersZone() {
    ChatApi.Session reset = new ChatApi.Session("a", 900, "r", 2, "bob", "Bob", true, "acme-admin",
        Instant.parse("2026-12-07T11:10:30Z"));
    assertEquals(Optional.of("Your password was reset by acme-admin on 7\u00a0Dec\u00a02026,\u00a012:10."),
        PasswordReset.notice(reset, ZoneId.of("Europe/Berlin")));
  }

  @Test
  void aPasswordOfMyOwnHasNoNotice() {
    assertEquals(Optional.empty(), PasswordReset.notice(new ChatApi.Session("a", 900, "r", 2, "bob", "Bob"),
        ZoneId.of("UTC")));
  }
}
