package com.companychat.platform;

import java.io.IOException;

/** A request body beyond {@link BodyLimitFilter#MAX_BODY_BYTES}. */
public class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  public BodyTooLargeException() {
    super("The request body is larger than " + BodyLimitFilter.MAX_BODY_BYTES / 1024 + " KiB");
  }
}
