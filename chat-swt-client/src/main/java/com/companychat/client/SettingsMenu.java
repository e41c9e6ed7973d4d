package com.companychat.client;

import com.companychat.client.model.ClientSettings;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;

/** The "Settings" menu: do not disturb, notification text (privacy) and sound (off by default). */
final class SettingsMenu {
  private SettingsMenu() {
  }

  static void add(Menu bar, ClientSettings settings) {
    MenuItem top = new MenuItem(bar, SWT.CASCADE);
    top.setText("&Settings");
    Menu menu = new Menu(bar.getShell(), SWT.DROP_DOWN);
    top.setMenu(menu);
    MenuItem quiet = new MenuItem(menu, SWT.CHECK);
    quiet.setText("&Do not disturb");
    quiet.setSelection(settings.doNotDisturb());
    quiet.addListener(SWT.Selection, e -> settings.doNotDisturb(quiet.getSelection()));
    new MenuItem(menu, SWT.SEPARATOR);
    MenuItem text = new MenuItem(menu, SWT.CHECK);
    text.setText("Show message &text in notifications");
    text.setSelection(settings.showTextInNotifications());
    text.addListener(SWT.Selection, e -> settings.showTextInNotifications(text.getSelection()));
    MenuItem sound = new MenuItem(menu, SWT.CHECK);
    sound.setText("Notification &sound");
    sound.setSelection(settings.notificationSound());
    sound.addListener(SWT.Selection, e -> settings.notificationSound(sound.getSelection()));
  }
}
