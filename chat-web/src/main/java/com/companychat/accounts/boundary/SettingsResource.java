package com.companychat.accounts.boundary;

import com.companychat.accounts.control.UserSettings;
import com.companychat.accounts.entity.Role;
import com.companychat.platform.CurrentCaller;
import com.companychat.protocol.JsonFields;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** CONTRACT §6.2: {@code GET/PUT /api/chat/settings/} {@code {"read_receipts"}}. */
@Path("chat/settings")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.EMPLOYEE_NAME, Role.COMPANY_ADMIN_NAME})
public class SettingsResource {

  @Inject
  UserSettings settings;

  @Inject
  CurrentCaller caller;

  @GET
  public UserSettings.Settings get() {
    return settings.of(caller.get());
  }

  @PUT
  public UserSettings.Settings put(JsonValue body) {
    return settings.update(caller.get(), new UserSettings.Settings(JsonFields.of(body).requiredBoolean("read_receipts")));
  }
}
