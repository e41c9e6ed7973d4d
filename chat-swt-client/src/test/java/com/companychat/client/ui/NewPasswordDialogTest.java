package com.companychat.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.Test;

/** The server's rule (8 to 128 characters) and the repeat are checked before anything is sent. */
class NewPasswordDialogTest {
  @Test
  void theServersLengthRuleAndTheRepeatAreCheckedFirst() {
    assertTrue(NewPasswordDialog.check("short", "short").contains("8 to 128"));
    assertTrue(NewPasswordDialog.check("x".repeat(129), "x".repeat(129)).contains("8 to 128"));
    assertTrue(NewPasswordDialog.check("long-enough", "long-enougH").contains("differ"));
    assertNull(NewPasswordDialog.check("12345678", "12345678"));
    assertNull(NewPasswordDialog.check("x".repeat(128), "x".repeat(128)));
  }

  @Test
  void aRefusedEntryIsNotSent() {
    Display display = Display.getCurrent() != null ? Display.getCurrent() : new Display();
    List<String> sent = new CopyOnWriteArrayList<>();
    NewPasswordDialog dialog = new NewPasswordDialog(display, "Your password was reset by boss on 7 Dec 2026, 12:10.",
        p -> {
          sent.add(p);
          return null;
        });
    try {
      dialog.shell().open();
      dialog.submitWith("short", "short");
      dialog.submitWith("long-enough", "other-one");
      for (int i = 0; i < 50 && display.readAndDispatch(); i++) {
        // let it lay out
      }
      assertEquals(List.of(), sent);
      assertTrue(dialog.shell().isVisible());
      assertEquals("Your password was reset by boss on 7 Dec 2026, 12:10.", dialog.notice());
    } finally {
      dialog.shell().dispose();
    }
  }
}
