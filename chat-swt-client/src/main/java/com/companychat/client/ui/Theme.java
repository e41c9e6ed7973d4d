package com.companychat.client.ui;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.widgets.Display;

/**
 * The few things the app draws itself (bubbles, dots, badges); everything else is native. Owns
 * and disposes the colours and fonts it creates.
 */
public final class Theme {
  public static final int BUBBLE_WIDTH = 300;
  public static final int BUBBLE_ARC = 30;

  final Color sentFill;
  final Color sentText;
  final Color receivedBorder;
  final Color online;
  final Color offline;
  final Color badge;
  final Color muted;
  final Color link;
  final Color divider;
  final Color[] avatars;
  final Font bold;
  final Font small;

  public Theme(Display display) {
    sentFill = new Color(display, 0x1E, 0x6F, 0xD9);
    sentText = display.getSystemColor(SWT.COLOR_WHITE);
    receivedBorder = new Color(display, 0xB8, 0xC2, 0xCC);
    online = new Color(display, 0x2E, 0xA0, 0x43);
    offline = new Color(display, 0x9A, 0xA0, 0xA6);
    badge = new Color(display, 0xD9, 0x30, 0x25);
    muted = display.getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW);
    link = new Color(display, 0x15, 0x5B, 0xC0);
    divider = new Color(display, 0xD9, 0x30, 0x25);
    int[] rgb = {0x5B8DEF, 0xE8715A, 0x3FA66B, 0x9C6ADE, 0xE0A526, 0x2AA5B8, 0xD2558E, 0x7A8B99};
    avatars = new Color[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      avatars[i] = new Color(display, rgb[i] >> 16, (rgb[i] >> 8) & 0xff, rgb[i] & 0xff);
    }
    FontData[] base = display.getSystemFont().getFontData();
    bold = new Font(display, base[0].getName(), base[0].getHeight(), SWT.BOLD);
    small = new Font(display, base[0].getName(), Math.max(7, base[0].getHeight() - 1), SWT.NORMAL);
  }

  public void dispose() {
    sentFill.dispose();
    receivedBorder.dispose();
    online.dispose();
    offline.dispose();
    badge.dispose();
    link.dispose();
    divider.dispose();
    for (Color c : avatars) {
      c.dispose();
    }
    bold.dispose();
    small.dispose();
  }
}
