package com.companychat.messaging.boundary;

import com.companychat.accounts.entity.Role;
import com.companychat.messaging.control.ConversationQueries;
import com.companychat.messaging.control.ConversationQueries.Colleague;
import com.companychat.messaging.control.ConversationQueries.Unread;
import com.companychat.messaging.control.MessageService;
import com.companychat.messaging.control.MessageView;
import com.companychat.platform.CurrentCaller;
import com.companychat.platform.QueryParams;
import com.companychat.protocol.JsonFields;
import com.companychat.realtime.control.RealtimeMetrics;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** CONTRACT §4: the chat over REST, the socket's fallback; same services, same events. */
@Path("chat")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.EMPLOYEE_NAME, Role.COMPANY_ADMIN_NAME})
public class ChatResource {

  @Inject
  ConversationQueries queries;

  @Inject
  MessageService messages;

  @Inject
  CurrentCaller caller;

  @Inject
  RealtimeMetrics metrics;

  public record MarkReadResponse(String status, int marked) {}

  @GET
  @Path("users")
  public List<Colleague> users(@QueryParam("q") String q) {
    return queries.colleagues(caller.get(), q);
  }

  @GET
  @Path("conversation/{userId: -?[0-9]{1,19}}")
  public List<MessageView> conversation(@PathParam("userId") long userId,
      @QueryParam("before") String before, @QueryParam("limit") String limit) {
    return queries.page(caller.get(), userId, QueryParams.optionalLong("before", before),
        QueryParams.optionalInt("limit", limit));
  }

  @POST
  @Path("send")
  public Response send(JsonValue body) {
    JsonFields fields = JsonFields.of(body);
    MessageService.Sent sent = messages.send(caller.get(), fields.requiredLong("receiver_id"),
        fields.requiredString("message"), fields.optionalString("client_msg_id"));
    if (sent.created()) {
      metrics.messageStored();
    }
    return Response.status(sent.created() ? Response.Status.CREATED : Response.Status.OK)
        .entity(sent.message()).build();
  }

  @GET
  @Path("unread")
  public Unread unread() {
    return queries.unread(caller.get());
  }

  @POST
  @Path("mark-read")
  public MarkReadResponse markRead(JsonValue body) {
    return new MarkReadResponse("ok",
        messages.markRead(caller.get(), JsonFields.of(body).requiredLong("sender_id")));
  }

  @GET
  @Path("messages")
  public List<MessageView> messages(@QueryParam("after") String after, @QueryParam("limit") String limit) {
    Long from = QueryParams.optionalLong("after", after);
    return queries.after(caller.get(), from == null ? 0 : from, QueryParams.optionalInt("limit", limit));
  }
}
