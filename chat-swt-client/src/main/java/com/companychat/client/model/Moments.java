package com.companychat.client.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Short, human names for moments: the time of a contact's last message in the list ("14:05",
 * "Yesterday", "3 Mar") and a colleague's "last seen" in the conversation header. Day names as
 * the conversation's separators say them ({@link Timeline}).
 */
public final class Moments {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
  private static final DateTimeFormatter OLD_DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

  private Moments() {
  }

  /** For the list: the time today, "Yesterday", the date this year, else the date with the year. */
  public static String listTime(Instant at, LocalDate today, ZoneId zone) {
    ZonedDateTime when = at.atZone(zone);
    LocalDate day = when.toLocalDate();
    if (day.equals(today)) {
      return TIME.format(when);
    }
    if (day.equals(today.minusDays(1))) {
      return "Yesterday";
    }
    return (day.getYear() == today.getYear() ? SHORT_DATE : OLD_DATE).format(day);
  }

  /** For the header of an offline colleague: "last seen today at 14:05", "… yesterday at …", "… 3 Mar". */
  public static String lastSeen(Instant at, LocalDate today, ZoneId zone) {
    ZonedDateTime when = at.atZone(zone);
    LocalDate day = when.toLocalDate();
    if (day.equals(today) || day.isAfter(today)) {
      return "last seen today at " + TIME.format(when);
    }
    if (day.equals(today.minusDays(1))) {
      return "last seen yesterday at " + TIME.format(when);
    }
    return "last seen " + (day.getYear() == today.getYear() ? SHORT_DATE : OLD_DATE).format(day);
  }
}
