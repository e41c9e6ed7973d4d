package com.companychat.client.ui;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

/**
 * The few things the app draws itself (bubbles, dots, badges); everything else is native. Light
 * or dark as the desktop is ({@link Display#isSystemDarkTheme()}; {@code -Dchat.theme=dark|light}
 * overrides). Dark, it also colours the native controls it is given ({@link #apply}), so that a
 * light widget theme does not show through. Owns and disposes the colours and fonts it creates.
 */
public final class Theme {
  public static final int BUBBLE_WIDTH = 300;
  public static final int BUBBLE_ARC = 30;

  final boolean dark;
  final Color background;
  final Color surface;
  final Color foreground;
  final Color sentFill;
  final Color sentText;
  final Color receivedBorder;
  final Color online;
  final Color slow;
  final Color offline;
  final Color badge;
  final Color muted;
  final Color link;
  final Color divider;
  final Color[] avatars;
  final Font bold;
  final Font small;
  final Font boldSmall;
  private final List<Color> owned = new ArrayList<>();

  public Theme(Display display) {
    this(display, false);
  }

  public Theme(Display display, boolean dark) {
    this.dark = dark;
    background = dark ? color(display, 0x1E1F22) : null;
    surface = dark ? color(display, 0x2B2D31) : null;
    foreground = dark ? color(display, 0xE3E5E8) : null;
    sentFill = color(display, dark ? 0x2F6FD0 : 0x1E6FD9);
    sentText = display.getSystemColor(SWT.COLOR_WHITE);
    receivedBorder = color(display, dark ? 0x4A4F57 : 0xB8C2CC);
    online = color(display, 0x2EA043);
    slow = color(display, 0xD29922);
    offline = color(display, dark ? 0x6B7178 : 0x9AA0A6);
    badge = color(display, 0xD93025);
    muted = dark ? color(display, 0x9AA0A6) : display.getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW);
    link = color(display, dark ? 0x6EA8FE : 0x155BC0);
    divider = color(display, dark ? 0xF26B5E : 0xD93025);
    int[] rgb = {0x5B8DEF, 0xE8715A, 0x3FA66B, 0x9C6ADE, 0xE0A526, 0x2AA5B8, 0xD2558E, 0x7A8B99};
    avatars = new Color[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      avatars[i] = color(display, rgb[i]);
    }
    FontData[] base = display.getSystemFont().getFontData();
    bold = new Font(display, base[0].getName(), base[0].getHeight(), SWT.BOLD);
    small = new Font(display, base[0].getName(), Math.max(7, base[0].getHeight() - 1), SWT.NORMAL);
    boldSmall = new Font(display, base[0].getName(), Math.max(7, base[0].getHeight() - 1), SWT.BOLD);
  }

  /** The desktop's theme: dark when the system is (or {@code chat.theme=dark}), else light. */
  public static Theme forDesktop(Display display) {
    String chosen = System.getProperty("chat.theme", "system");
    boolean dark = "dark".equals(chosen) || (!"light".equals(chosen) && Display.isSystemDarkTheme());
    return new Theme(display, dark);
  }

  public boolean isDark() {
    return dark;
  }

  /** Dark: {@code root} and everything in it take the dark colours (inputs and lists a shade lighter). */
  public void apply(Control root) {
    if (!dark) {
      return;
    }
    boolean field = root instanceof org.eclipse.swt.widgets.Text || root instanceof org.eclipse.swt.widgets.Table;
    root.setBackground(field ? surface : background);
    root.setForeground(foreground);
    if (root instanceof Composite parent) {
      for (Control child : parent.getChildren()) {
        apply(child);
      }
    }
  }

  private Color color(Display display, int rgb) {
    Color c = new Color(display, rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff);
    owned.add(c);
    return c;
  }

  public void dispose() {
    owned.forEach(Color::dispose);
    bold.dispose();
    small.dispose();
    boldSmall.dispose();
  }
}
