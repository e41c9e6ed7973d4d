package com.companychat.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.Test;

/** The login dialog in a real window (Xvfb in CI). */
class LoginDialogTest {
  @Test
  void afterAnExpiredSessionTheUsernameIsFilledInAndThePasswordHasTheFocus() {
    Display display = Display.getCurrent() != null ? Display.getCurrent() : new Display();
    LoginDialog dialog = new LoginDialog(display, "http://localhost:8080", (s, u, p, r) -> "no")
        .again("alice", "Your session has ended.");
    try {
      dialog.shell().open();
      for (int i = 0; i < 50 && display.readAndDispatch(); i++) {
        // let it lay out and take the focus
      }
      assertEquals("alice", dialog.username().getText());
      assertTrue(dialog.shell().isVisible());
    } finally {
      dialog.shell().dispose();
    }
  }
}
