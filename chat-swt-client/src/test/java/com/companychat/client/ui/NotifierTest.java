package com.companychat.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.client.Screenshots;
import com.companychat.client.model.ClientSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notifications and the tray icon in real windows (Xvfb in CI). */
class NotifierTest {
  @TempDir
  Path dir;

  Display display;
  Shell main;
  Theme theme;
  final List<Long> opened = new ArrayList<>();

  @BeforeEach
  void open() {
    display = Display.getCurrent() != null ? Display.getCurrent() : new Display();
    main = new Shell(display);
    main.setSize(400, 300);
    main.open();
    theme = new Theme(display);
  }

  @AfterEach
  void close() {
    main.dispose();
    theme.dispose();
  }

  @Test
  void aNotificationShowsSenderAndTextAndAClickOpensThatConversation() throws Exception {
    ClientSettings settings = new ClientSettings(dir.resolve("settings.properties"));
    Notifier notifier = new Notifier(main, theme, () -> settings, opened::add);
    notifier.show("Bob Smith", "Lunch at noon? The usual place.", 2);
    Shell popup = notifier.popup();
    assertNotNull(popup);
    assertTrue(popup.isVisible());
    assertEquals(List.of("Bob Smith", "Lunch at noon? The usual place.", "Click to open the conversation"), texts(popup));
    screenshotScreen("21-notification", popup.getBounds());

    popup.getChildren()[1].notifyListeners(SWT.MouseUp, new Event());
    assertEquals(List.of(2L), opened);
    assertNull(notifier.popup(), "gone after the click");
  }

  @Test
  void theTextCanBeHiddenAndTheSoundIsOffByDefault() {
    ClientSettings settings = new ClientSettings(dir.resolve("settings.properties"));
    assertFalse(settings.notificationSound());
    settings.showTextInNotifications(false);
    ClientSettings reread = new ClientSettings(dir.resolve("settings.properties"));
    assertFalse(reread.showTextInNotifications(), "kept across starts");
    Notifier notifier = new Notifier(main, theme, () -> reread, opened::add);
    notifier.show("Bob Smith", "Salary figures attached", 2);
    assertFalse(texts(notifier.popup()).contains("Salary figures attached"));
    assertEquals("New message", texts(notifier.popup()).get(1));
    notifier.dismiss();
  }

  @Test
  void doNotDisturbSilencesTheNotificationAndTheSound() {
    ClientSettings settings = new ClientSettings(dir.resolve("settings.properties"));
    assertFalse(settings.doNotDisturb(), "off by default");
    settings.notificationSound(true);
    settings.doNotDisturb(true);
    Notifier notifier = new Notifier(main, theme, () -> settings, opened::add);
    notifier.show("Bob Smith", "Are you there?", 2);
    assertNull(notifier.popup(), "no notification while do-not-disturb is on");
    settings.doNotDisturb(false);
    notifier.show("Bob Smith", "Are you there?", 2);
    assertNotNull(notifier.popup(), "and one again when it is off");
    notifier.dismiss();
  }

  @Test
  void theTrayIconCarriesARedBadgeOnlyWithUnreadMessages() {
    assertFalse(hasBadgeRed(TrayIcon.draw(display, theme, 0)));
    assertTrue(hasBadgeRed(TrayIcon.draw(display, theme, 3)));
  }

  private boolean hasBadgeRed(Image icon) {
    try {
      ImageData data = icon.getImageData();
      RGB red = theme.badge.getRGB();
      for (int x = 0; x < data.width; x++) {
        for (int y = 0; y < data.height; y++) {
          if (data.palette.getRGB(data.getPixel(x, y)).equals(red)) {
            return true;
          }
        }
      }
      return false;
    } finally {
      icon.dispose();
    }
  }

  private static List<String> texts(Shell popup) {
    List<String> out = new ArrayList<>();
    for (Control c : popup.getChildren()) {
      out.add(((Label) c).getText());
    }
    return out;
  }

  private void screenshotScreen(String name, Rectangle around) throws Exception {
    for (int i = 0; i < 100 && display.readAndDispatch(); i++) {
      // paint
    }
    Thread.sleep(200);
    while (display.readAndDispatch()) {
      // paint
    }
    Rectangle area = new Rectangle(around.x - 24, around.y - 24, around.width + 48, around.height + 48)
        .intersection(display.getBounds());
    Screenshots.capture(display, area, name);
  }
}
