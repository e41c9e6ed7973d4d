package com.companychat.accounts.boundary;

import com.companychat.accounts.control.AccountService;
import com.companychat.accounts.control.AccountService.CompanySummary;
import com.companychat.accounts.control.AccountService.CompanyView;
import com.companychat.accounts.control.AuditTrail;
import com.companychat.accounts.control.MemberView;
import com.companychat.accounts.entity.Role;
import com.companychat.platform.ChatException;
import com.companychat.platform.CurrentCaller;
import com.companychat.platform.QueryParams;
import com.companychat.protocol.JsonFields;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** CONTRACT §3: provisioning. Answers carry account metadata only, never message content. */
@Path("admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.PLATFORM_ADMIN_NAME, Role.COMPANY_ADMIN_NAME})
public class AdminResource {

  @Inject
  AccountService accounts;

  @Inject
  AuditTrail audit;

  @Inject
  CurrentCaller caller;

  @POST
  @Path("companies")
  @RolesAllowed(Role.PLATFORM_ADMIN_NAME)
  public Response createCompany(JsonValue body) {
    CompanyView company = accounts.createCompany(caller.get(), JsonFields.of(body).requiredString("name"));
    return Response.status(Response.Status.CREATED).entity(company).build();
  }

  @GET
  @Path("companies")
  @RolesAllowed(Role.PLATFORM_ADMIN_NAME)
  public List<CompanySummary> companies() {
    return accounts.companies(caller.get());
  }

  @POST
  @Path("companies/{companyId: [0-9]{1,18}}/users")
  public Response createUser(@PathParam("companyId") long companyId, JsonValue body) {
    JsonFields fields = JsonFields.of(body);
    MemberView user = accounts.createUser(caller.get(), companyId, new AccountService.NewUser(
        fields.requiredString("username"), fields.requiredString("password"),
        fields.optionalString("display_name"), role(fields)));
    return Response.status(Response.Status.CREATED).entity(user).build();
  }

  @GET
  @Path("companies/{companyId: [0-9]{1,18}}/users")
  public List<MemberView> users(@PathParam("companyId") long companyId) {
    return accounts.users(caller.get(), companyId);
  }

  @PATCH
  @Path("users/{userId: [0-9]{1,18}}")
  public MemberView updateUser(@PathParam("userId") long userId, JsonValue body) {
    JsonFields fields = JsonFields.of(body);
    return accounts.updateUser(caller.get(), userId, new AccountService.UserChanges(
        fields.optionalBoolean("active"), fields.optionalString("display_name"),
        fields.optionalString("password"), role(fields)));
  }

  /** CONTRACT §6.7: the audit trail, newest first; a company admin's own company only. */
  @GET
  @Path("audit")
  public List<AuditTrail.Entry> audit(@QueryParam("company_id") String companyId,
      @QueryParam("before") String before, @QueryParam("limit") String limit) {
    return audit.list(caller.get(), QueryParams.optionalLong("company_id", companyId),
        QueryParams.optionalLong("before", before), QueryParams.optionalInt("limit", limit));
  }

  private static Role role(JsonFields fields) {
    String role = fields.optionalString("role");
    if (role == null) {
      return null;
    }
    try {
      return Role.valueOf(role);
    } catch (IllegalArgumentException e) {
      throw ChatException.badRequest("role must be EMPLOYEE or COMPANY_ADMIN");
    }
  }
}
