package com.companychat.client.model;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The desktop's own settings, in {@code settings.properties} of the config directory: whether a
 * notification shows the message text (off for privacy, e.g. while sharing the screen) and
 * whether it plays a sound (off by default), and where the main window was. Without a file, the
 * defaults.
 */
public final class ClientSettings {
  private static final String TEXT = "notification.text";
  private static final String SOUND = "notification.sound";
  private static final String WINDOW = "window.bounds";
  private static final String DND = "do-not-disturb";

  private final Path file;
  private final Properties values = new Properties();

  /** Settings kept in {@code file}; null keeps them in memory only. */
  public ClientSettings(Path file) {
    this.file = file;
    if (file != null && Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        values.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }

  public synchronized boolean showTextInNotifications() {
    return Boolean.parseBoolean(values.getProperty(TEXT, "true"));
  }

  public synchronized boolean notificationSound() {
    return Boolean.parseBoolean(values.getProperty(SOUND, "false"));
  }

  /** Do not disturb: no notification and no sound (the unread counts and the tray badge go on). */
  public synchronized boolean doNotDisturb() {
    return Boolean.parseBoolean(values.getProperty(DND, "false"));
  }

  public void doNotDisturb(boolean on) {
    set(DND, on);
  }

  public void showTextInNotifications(boolean on) {
    set(TEXT, on);
  }

  public void notificationSound(boolean on) {
    set(SOUND, on);
  }

  /** The main window's last bounds {x, y, width, height}, if any were kept. */
  public synchronized java.util.Optional<int[]> windowBounds() {
    String kept = values.getProperty(WINDOW);
    try {
      int[] b = java.util.Arrays.stream(kept.split(",")).mapToInt(Integer::parseInt).toArray();
      return b.length == 4 && b[2] > 200 && b[3] > 150 ? java.util.Optional.of(b) : java.util.Optional.empty();
    } catch (RuntimeException none) {
      return java.util.Optional.empty();
    }
  }

  public void windowBounds(int x, int y, int width, int height) {
    set(WINDOW, x + "," + y + "," + width + "," + height);
  }

  private void set(String key, boolean on) {
    set(key, Boolean.toString(on));
  }

  private synchronized void set(String key, String value) {
    values.setProperty(key, value);
    if (file == null) {
      return;
    }
    StringWriter out = new StringWriter();
    try {
      values.store(out, "Company Chat desktop settings");
      PrivateFile.write(file, out.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
