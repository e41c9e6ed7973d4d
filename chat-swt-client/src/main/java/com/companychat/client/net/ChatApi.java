package com.companychat.client.net;

import com.companychat.client.model.Contact;
import com.companychat.protocol.FrameCodec;
import com.companychat.protocol.ServerFrame;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The REST API (CONTRACT §2 and §4), as the desktop client uses it. Thread-safe. */
public class ChatApi {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private volatile String accessToken;

  public ChatApi(URI server) {
    String s = server.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
  }

  public URI base() {
    return base;
  }

  /**
   * A login or refresh answer. With {@code passwordChangeRequired}, an administrator set the
   * password ({@code passwordResetBy}, at {@code passwordResetAt}) and the session may do nothing
   * but choose a new one (CONTRACT §6.7).
   */
  public record Session(String accessToken, long expiresIn, String refreshToken, long userId,
      String username, String displayName, boolean passwordChangeRequired, String passwordResetBy,
      java.time.Instant passwordResetAt) {

    /** A session of a password of the user's own. */
    public Session(String accessToken, long expiresIn, String refreshToken, long userId, String username,
        String displayName) {
      this(accessToken, expiresIn, refreshToken, userId, username, displayName, false, null, null);
    }
  }

  /*
   * Login and refresh go without the access token: the server refuses any request that carries
   * an expired one (401), so a refresh sent with it after a long outage could never succeed.
   */
  public Session login(String username, String password) throws ApiException {
    return session(call(postRequest("api/auth/login", Json.createObjectBuilder()
        .add("username", username).add("password", password).build())));
  }

  public Session refresh(String refreshToken) throws ApiException {
    return session(call(postRequest("api/auth/refresh",
        Json.createObjectBuilder().add("refresh_token", refreshToken).build())));
  }

  /** CONTRACT §6.7: the user chooses their own password; the calling session goes on. */
  public void changePassword(String newPassword) throws ApiException {
    post("api/auth/password", Json.createObjectBuilder().add("new_password", newPassword).build());
  }

  public void logout() throws ApiException {
    call(request("api/auth/logout").POST(HttpRequest.BodyPublishers.noBody()));
  }

  public List<Contact> users() throws ApiException {
    return get("api/chat/users/").asJsonArray().getValuesAs(JsonObject.class).stream()
        .map(u -> new Contact(u.getJsonNumber("id").longValue(), u.getString("username"),
            u.getString("display_name"), u.getBoolean("is_online"), u.getInt("unread_count"),
            u.get("last_seen") instanceof jakarta.json.JsonString seen ? java.time.Instant.parse(seen.getString()) : null,
            Contact.NONE))
        .toList();
  }

  public List<ServerFrame.ChatMessage> conversation(long userId, long before, int limit) throws ApiException {
    return messages(get("api/chat/conversation/" + userId + "/?limit=" + limit + (before > 0 ? "&before=" + before : "")));
  }

  public List<ServerFrame.ChatMessage> messagesAfter(long after) throws ApiException {
    return messages(get("api/chat/messages/?limit=1000&after=" + after));
  }

  public ServerFrame.ChatMessage send(long receiverId, String text, String clientMsgId) throws ApiException {
    return FrameCodec.message(post("api/chat/send/", Json.createObjectBuilder().add("receiver_id", receiverId)
        .add("message", text).add("client_msg_id", clientMsgId).build()).asJsonObject());
  }

  public void markRead(long senderId) throws ApiException {
    post("api/chat/mark-read/", Json.createObjectBuilder().add("sender_id", senderId).build());
  }

  public void useToken(String token) {
    this.accessToken = token;
  }

  public String token() {
    return accessToken;
  }

  private static Session session(JsonValue body) {
    JsonObject o = body.asJsonObject();
    JsonObject user = o.getJsonObject("user");
    String resetAt = o.getString("password_reset_at", null);
    return new Session(o.getString("access_token"), o.getJsonNumber("expires_in").longValue(),
        o.getString("refresh_token"), user.getJsonNumber("id").longValue(), user.getString("username"),
        user.getString("display_name"), o.getBoolean("password_change_required", false),
        o.getString("password_reset_by", null), resetAt == null ? null : java.time.Instant.parse(resetAt));
  }

  private static List<ServerFrame.ChatMessage> messages(JsonValue body) {
    return body.asJsonArray().getValuesAs(JsonObject.class).stream().map(FrameCodec::message).toList();
  }

  private JsonValue get(String path) throws ApiException {
    return call(request(path).GET());
  }

  private JsonValue post(String path, JsonObject body) throws ApiException {
    return call(authenticated(postRequest(path, body)));
  }

  /** A JSON POST without the access token. */
  private HttpRequest.Builder postRequest(String path, JsonObject body) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
  }

  private HttpRequest.Builder request(String path) {
    return authenticated(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15)));
  }

  private HttpRequest.Builder authenticated(HttpRequest.Builder builder) {
    String token = accessToken;
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }


  private JsonValue call(HttpRequest.Builder request) throws ApiException {
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ApiException.unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unreachable(e);
    }
    JsonValue body = parse(response.body());
    if (response.statusCode() >= 300) {
      JsonObject error = body instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
      throw new ApiException(response.statusCode(), error.getString("error", ApiException.NOT_THE_APP),
          error.getString("message", "The server answered " + response.statusCode()));
    }
    return body;
  }

  private static JsonValue parse(String text) {
    if (text == null || text.isBlank()) {
      return JsonValue.NULL;
    }
    try (var reader = Json.createReader(new StringReader(text))) {
      JsonStructure s = reader.read();
      return s;
    } catch (RuntimeException e) {
      return JsonValue.NULL;
    }
  }
}
