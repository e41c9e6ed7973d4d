package com.companychat.client.model;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the conversation view shows, row by row: a day separator before the first message of
 * each day (Today, Yesterday, else the date), a "New messages" divider before the first unread
 * one, and each message marked as the first of its group (consecutive messages of one sender
 * within {@link #GROUP_GAP} on one day share one avatar and name).
 */
public final class Timeline {
  public static final Duration GROUP_GAP = Duration.ofMinutes(5);
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);

  /** One row of the view. */
  public sealed interface Row permits Day, NewMessages, Bubble {}

  public record Day(String label) implements Row {}

  public record NewMessages() implements Row {}

  public record Bubble(Message message, boolean firstOfGroup) implements Row {}

  private Timeline() {
  }

  /**
   * The rows for {@code messages} (in view order), as seen on {@code today} in {@code zone};
   * the divider goes before the message with id {@code firstUnread} (0: none).
   */
  public static List<Row> rows(List<Message> messages, long firstUnread, LocalDate today, ZoneId zone) {
    List<Row> rows = new ArrayList<>();
    Message previous = null;
    for (Message m : messages) {
      LocalDate day = m.createdAt().atZone(zone).toLocalDate();
      boolean newDay = previous == null || !previous.createdAt().atZone(zone).toLocalDate().equals(day);
      if (newDay) {
        rows.add(new Day(label(day, today)));
      }
      boolean divider = firstUnread > 0 && m.id() == firstUnread;
      if (divider) {
        rows.add(new NewMessages());
      }
      boolean grouped = !newDay && !divider && previous.senderId() == m.senderId()
          && Duration.between(previous.createdAt(), m.createdAt()).compareTo(GROUP_GAP) <= 0;
      rows.add(new Bubble(m, !grouped));
      previous = m;
    }
    return rows;
  }

  static String label(LocalDate day, LocalDate today) {
    if (day.equals(today)) {
      return "Today";
    }
    if (day.equals(today.minusDays(1))) {
      return "Yesterday";
    }
    return DATE.format(day);
  }
}
