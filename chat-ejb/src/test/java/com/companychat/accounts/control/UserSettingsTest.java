package com.companychat.accounts.control;

import static com.companychat.platform.ChatFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.companychat.events.ChatEvent;
import com.companychat.platform.ChatFixture;
import com.companychat.platform.ErrorCode;
import com.companychat.stream.control.EventLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CONTRACT §6.2's settings on H2: the default, a change stored with its event, a repeat without. */
class UserSettingsTest {
  @Test
  void readReceiptsAreOnUntilTurnedOffAndEachChangeIsOneEventInMyStream() {
    try (ChatFixture chat = ChatFixture.onH2()) {
      readReceiptsAreOnUntilTurnedOff(chat);
    }
  }

  private static void readReceiptsAreOnUntilTurnedOff(ChatFixture chat) {
    long company = chat.company();
    Caller alice = chat.employee(company, "alice");
    UserSettings settings = new UserSettings(chat.db(), chat.events());
    EventLog log = new EventLog(chat.db());
    chat.forgetEvents();

    assertEquals(new UserSettings.Settings(true), settings.of(alice));
    assertEquals(new UserSettings.Settings(false), settings.update(alice, new UserSettings.Settings(false)));
    assertEquals(new UserSettings.Settings(false), settings.update(alice, new UserSettings.Settings(false)));
    assertEquals(new UserSettings.Settings(false), settings.of(alice));

    assertEquals(List.of(new ChatEvent.SettingsUpdated(company, alice.userId(), false, 1)), chat.published(),
        "the repeat changed nothing and told nobody");
    assertEquals(1, log.lastSeq(alice.userId()));
    assertEquals("{\"type\":\"settings_updated\",\"read_receipts\":false,\"seq\":1}",
        log.after(alice.userId(), 0, null).events().get(0).toString());
    settings.update(alice, new UserSettings.Settings(true));
    assertEquals(2, log.lastSeq(alice.userId()));
  }

  @Test
  void thePlatformAdminAndADeactivatedUserHaveNoSettings() {
    try (ChatFixture chat = ChatFixture.onH2()) {
      noSettingsFor(chat);
    }
  }

  private static void noSettingsFor(ChatFixture chat) {
    Caller gone = chat.employee(chat.company(), "gone");
    chat.deactivate(gone);
    assertRefused(ErrorCode.FORBIDDEN, () -> new UserSettings(chat.db(), chat.events()).of(ChatFixture.SYSTEM));
    assertRefused(ErrorCode.UNAUTHORIZED, () -> new UserSettings(chat.db(), chat.events())
        .update(gone, new UserSettings.Settings(false)));
  }
}
