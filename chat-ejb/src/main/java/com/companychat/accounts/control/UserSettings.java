package com.companychat.accounts.control;

import com.companychat.accounts.entity.UserAccount;
import com.companychat.events.ChatEvent;
import com.companychat.events.EventBus;
import com.companychat.platform.ChatException;
import com.companychat.platform.Database;
import com.companychat.platform.ErrorCode;
import com.companychat.stream.control.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A user's own settings (CONTRACT §6.2): {@code read_receipts} so far. A change is stored with a
 * {@code settings_updated} event in the user's stream, in one transaction, and goes to the user's
 * sockets (their other devices).
 */
@ApplicationScoped
public class UserSettings {
  private Database db;
  private EventBus events;
  private Clock clock;

  protected UserSettings() {}

  @Inject
  public UserSettings(Database db, EventBus events) {
    this(db, events, Clock.systemUTC());
  }

  UserSettings(Database db, EventBus events, Clock clock) {
    this.db = db;
    this.events = events;
    this.clock = clock;
  }

  /** CONTRACT §6.2's settings body. */
  public record Settings(boolean readReceipts) {}

  /** @throws ChatException {@code forbidden} for the platform admin, who has no chat */
  public Settings of(Caller caller) {
    caller.company();
    return db.read(em -> new Settings(active(em.find(UserAccount.class, caller.userId())).readReceipts()));
  }

  /**
   * Stores the caller's settings; a change (and only a change) is told through the stream.
   *
   * @return the settings as stored
   */
  public Settings update(Caller caller, Settings wanted) {
    caller.company();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ChatEvent.SettingsUpdated[] changed = new ChatEvent.SettingsUpdated[1];
    Settings stored = db.transaction(em -> {
      UserAccount account = active(em.find(UserAccount.class, caller.userId()));
      if (account.readReceipts() != wanted.readReceipts()) {
        account.setReadReceipts(wanted.readReceipts());
        long seq = EventLog.append(em, caller.company(), EventLog.settingsUpdated(wanted.readReceipts()), now,
            caller.userId()).get(caller.userId());
        changed[0] = new ChatEvent.SettingsUpdated(caller.company(), caller.userId(), wanted.readReceipts(), seq);
      }
      return new Settings(account.readReceipts());
    });
    if (changed[0] != null) {
      events.publish(changed[0]);
    }
    return stored;
  }

  private static UserAccount active(UserAccount account) {
    if (account == null || !account.isActive()) {
      throw new ChatException(ErrorCode.UNAUTHORIZED, "This account is deactivated");
    }
    return account;
  }
}
