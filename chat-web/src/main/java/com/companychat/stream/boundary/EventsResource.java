package com.companychat.stream.boundary;

import com.companychat.accounts.entity.Role;
import com.companychat.platform.CurrentCaller;
import com.companychat.platform.QueryParams;
import com.companychat.stream.control.EventLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** CONTRACT §6.1: my event stream over REST, {@code {"events", "last_seq", "more"}}; 410 gone beyond retention. */
@Path("chat/events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.EMPLOYEE_NAME, Role.COMPANY_ADMIN_NAME})
public class EventsResource {

  @Inject
  EventLog log;

  @Inject
  CurrentCaller caller;

  @GET
  public EventLog.Page events(@QueryParam("after") String after, @QueryParam("limit") String limit) {
    Long from = QueryParams.optionalLong("after", after);
    return log.after(caller.get().userId(), from == null ? 0 : from, QueryParams.optionalInt("limit", limit));
  }
}
