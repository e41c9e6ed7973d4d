package com.companychat.client.ui;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;

/**
 * The keyboard: Ctrl+K (Cmd+K) jumps to the people search as a quick switcher (type, Enter opens
 * the first match, Down walks the list), Esc clears the search; and the draft of each
 * conversation, kept when switching away and given back on return. Display thread only.
 */
final class Keys {
  private final Map<Long, String> drafts = new HashMap<>();

  /** Installs the shortcuts on {@code shell}'s display, while {@code shell} is the active window. */
  void install(Shell shell, Text search, Table users, Runnable openSelected) {
    org.eclipse.swt.widgets.Listener quickSwitch = e -> {
      if (shell.isDisposed() || shell.getDisplay().getActiveShell() != shell) {
        return;
      }
      if ((e.stateMask & SWT.MOD1) != 0 && (e.keyCode == 'k' || e.keyCode == 'K')) {
        e.doit = false;
        search.setFocus();
        search.selectAll();
      }
    };
    shell.getDisplay().addFilter(SWT.KeyDown, quickSwitch);
    shell.addDisposeListener(e -> shell.getDisplay().removeFilter(SWT.KeyDown, quickSwitch));
    search.addListener(SWT.KeyDown, e -> searchKey(e, search, users, openSelected));
  }

  private static void searchKey(Event e, Text search, Table users, Runnable openSelected) {
    if (e.keyCode == SWT.ESC) {
      search.setText("");
      e.doit = false;
    } else if ((e.keyCode == SWT.CR || e.keyCode == SWT.KEYPAD_CR) && users.getItemCount() > 0) {
      users.setSelection(0);
      openSelected.run();
      e.doit = false;
    } else if (e.keyCode == SWT.ARROW_DOWN && users.getItemCount() > 0) {
      users.setFocus();
      users.setSelection(0);
      e.doit = false;
    }
  }

  /** Switching away from {@code peer}: what the input holds is kept. */
  void keepDraft(long peer, String text) {
    if (text.isEmpty()) {
      drafts.remove(peer);
    } else {
      drafts.put(peer, text);
    }
  }

  String draft(long peer) {
    return drafts.getOrDefault(peer, "");
  }
}
