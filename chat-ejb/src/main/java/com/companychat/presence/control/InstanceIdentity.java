package com.companychat.presence.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** This running instance's id: new at every start, so a restarted instance is a new one. */
@ApplicationScoped
public class InstanceIdentity {
  private final String id = UUID.randomUUID().toString();

  public String id() {
    return id;
  }
}
