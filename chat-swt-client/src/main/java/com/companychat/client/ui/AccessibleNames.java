package com.companychat.client.ui;

import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.eclipse.swt.accessibility.ACC;
import org.eclipse.swt.accessibility.AccessibleAdapter;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.accessibility.AccessibleListener;
import org.eclipse.swt.widgets.Control;

/**
 * The names screen readers say for the app's controls ({@code getAccessible()
 * .addAccessibleListener}). The listener is kept on the control too, so that a test can ask it
 * what a screen reader would hear.
 */
public final class AccessibleNames {
  static final String KEY = AccessibleNames.class.getName();

  private AccessibleNames() {
  }

  /** The control's name, worked out when asked (it may change: the open conversation). */
  static void name(Control control, Supplier<String> name) {
    name(control, name, child -> null);
  }

  /** With names for the control's children (a table's rows), by index. */
  static void name(Control control, Supplier<String> name, IntFunction<String> child) {
    AccessibleListener listener = new AccessibleAdapter() {
      @Override
      public void getName(AccessibleEvent e) {
        String childName = e.childID == ACC.CHILDID_SELF ? null : child.apply(e.childID);
        e.result = childName != null ? childName : name.get();
      }
    };
    control.getAccessible().addAccessibleListener(listener);
    control.setData(KEY, listener);
  }

  /** What a screen reader hears for {@code control} (child {@code ACC.CHILDID_SELF} for itself); null if unnamed. */
  public static String of(Control control, int childId) {
    if (!(control.getData(KEY) instanceof AccessibleListener listener)) {
      return null;
    }
    AccessibleEvent e = new AccessibleEvent(control);
    e.childID = childId;
    listener.getName(e);
    return e.result;
  }
}
