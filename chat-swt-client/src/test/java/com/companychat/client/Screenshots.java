package com.companychat.client;

import java.nio.file.Path;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/** What the end-to-end tests photograph: a part of the screen, as target/screenshots/NAME.png. On the display thread. */
public final class Screenshots {
  static final Path DIR = Path.of(System.getProperty("screenshots", "target/screenshots"));

  private Screenshots() {
  }

  /**
   * A window's content as the user sees it, with its menu bar, without the trim that an X server
   * with no window manager leaves black.
   */
  public static void window(Shell shell, String name) {
    Rectangle inside = shell.getClientArea();
    Point origin = shell.toDisplay(inside.x, inside.y);
    Rectangle outside = shell.getBounds();
    capture(shell.getDisplay(), new Rectangle(outside.x, outside.y,
        Math.min(outside.width, origin.x - outside.x + inside.width),
        Math.min(outside.height, origin.y - outside.y + inside.height)), name);
  }

  public static void capture(Display display, Rectangle area, String name) {
    try {
      java.nio.file.Files.createDirectories(DIR);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Image image = new Image(display, area.width, area.height);
    GC gc = new GC(display);
    try {
      gc.copyArea(image, area.x, area.y);
      ImageLoader loader = new ImageLoader();
      loader.data = new ImageData[] {image.getImageData()};
      loader.save(DIR.resolve(name + ".png").toString(), SWT.IMAGE_PNG);
    } finally {
      gc.dispose();
      image.dispose();
    }
  }
}
