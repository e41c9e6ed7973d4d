package com.companychat.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The socket's JSON, both directions. Decoding is strict: see {@link JsonFields}. */
public final class FrameCodec {
  private FrameCodec() {}

  /**
   * Reads a client frame.
   *
   * @throws ProtocolException {@code bad_request} for malformed JSON, an unknown type, a missing
   *     or mistyped field; it carries the frame's {@code client_msg_id} when one could be read
   */
  public static ClientFrame decodeClient(String text) {
    JsonFields fields = JsonFields.of(parse(text));
    String clientMsgId = clientMsgIdOf(fields);
    try {
      String type = fields.requiredString("type");
      return switch (type) {
        case "chat_message" -> new ClientFrame.SendMessage(fields.requiredLong("receiver_id"),
            fields.requiredString("message"), fields.optionalString("client_msg_id"));
        case "mark_read" -> new ClientFrame.MarkRead(fields.requiredLong("sender_id"));
        case "delivered" -> new ClientFrame.Delivered(fields.requiredLong("up_to"), fields.requiredLong("sender_id"));
        case "typing" -> new ClientFrame.Typing(fields.requiredLong("receiver_id"),
            fields.requiredBoolean("is_typing"));
        case "ping" -> new ClientFrame.Ping();
        case "auth" -> new ClientFrame.Auth(fields.requiredString("token"));
        default -> throw ProtocolException.badRequest("unknown type '" + abbreviate(type) + "'");
      };
    } catch (ProtocolException e) {
      throw e.withClientMsgId(clientMsgId);
    }
  }

  public static String encode(ClientFrame frame) {
    JsonObjectBuilder json = JsonText.JSON.createObjectBuilder();
    if (frame instanceof ClientFrame.SendMessage m) {
      json.add("type", "chat_message").add("receiver_id", m.receiverId()).add("message", m.message());
      addNullable(json, "client_msg_id", m.clientMsgId());
    } else if (frame instanceof ClientFrame.MarkRead m) {
      json.add("type", "mark_read").add("sender_id", m.senderId());
    } else if (frame instanceof ClientFrame.Delivered d) {
      json.add("type", "delivered").add("up_to", d.upTo()).add("sender_id", d.senderId());
    } else if (frame instanceof ClientFrame.Typing t) {
      json.add("type", "typing").add("receiver_id", t.receiverId()).add("is_typing", t.isTyping());
    } else if (frame instanceof ClientFrame.Auth a) {
      json.add("type", "auth").add("token", a.token());
    } else {
      json.add("type", "ping");
    }
    return json.build().toString();
  }

  public static String encode(ServerFrame frame) {
    return toJson(frame).toString();
  }

  /** A stored event's frame with its place in the receiving user's stream (CONTRACT §6.1). */
  public static String encode(ServerFrame frame, long seq) {
    return JsonText.JSON.createObjectBuilder(toJson(frame)).add("seq", seq).build().toString();
  }

  public static JsonObject toJson(ServerFrame frame) {
    JsonObjectBuilder json = JsonText.JSON.createObjectBuilder();
    if (frame instanceof ServerFrame.ChatMessage m) {
      json.add("type", "chat_message").add("message_id", m.messageId()).add("sender_id", m.senderId())
          .add("sender_username", m.senderUsername()).add("receiver_id", m.receiverId())
          .add("message", m.message()).add("created_at", m.createdAt().toString())
          .add("is_read", m.isRead());
      addNullable(json, "client_msg_id", m.clientMsgId());
      addNullable(json, "delivered_at", m.deliveredAt() == null ? null : m.deliveredAt().toString());
    } else if (frame instanceof ServerFrame.UserStatus s) {
      json.add("type", "user_status").add("user_id", s.userId()).add("username", s.username())
          .add("is_online", s.isOnline());
    } else if (frame instanceof ServerFrame.MessagesRead r) {
      json.add("type", "messages_read").add("reader_id", r.readerId()).add("sender_id", r.senderId());
      if (r.upTo() == null) {
        json.addNull("up_to");
      } else {
        json.add("up_to", r.upTo());
      }
    } else if (frame instanceof ServerFrame.SettingsUpdated s) {
      json.add("type", "settings_updated").add("read_receipts", s.readReceipts());
    } else if (frame instanceof ServerFrame.MessagesDelivered d) {
      json.add("type", "messages_delivered").add("receiver_id", d.receiverId()).add("sender_id", d.senderId())
          .add("up_to", d.upTo());
    } else if (frame instanceof ServerFrame.TypingIndicator t) {
      json.add("type", "typing_indicator").add("sender_id", t.senderId())
          .add("sender_username", t.senderUsername()).add("receiver_id", t.receiverId())
          .add("is_typing", t.isTyping());
    } else if (frame instanceof ServerFrame.Error e) {
      json.add("type", "error").add("code", e.code()).add("message", e.message());
      addNullable(json, "client_msg_id", e.clientMsgId());
    } else if (frame instanceof ServerFrame.Resumed r) {
      json.add("type", "resumed").add("seq", r.seq());
    } else if (frame instanceof ServerFrame.ResyncRequired) {
      json.add("type", "resync_required");
    } else {
      json.add("type", "pong");
    }
    return json.build();
  }

  /**
   * Reads a server frame (the client's side).
   *
   * @throws ProtocolException for anything that is not a frame of CONTRACT §5
   */
  public static ServerFrame decodeServer(String text) {
    JsonFields f = JsonFields.of(parse(text));
    return switch (f.requiredString("type")) {
      case "chat_message" -> message(parse(text).asJsonObject());
      case "user_status" -> new ServerFrame.UserStatus(f.requiredLong("user_id"),
          f.requiredString("username"), f.requiredBoolean("is_online"));
      case "messages_read" -> new ServerFrame.MessagesRead(f.requiredLong("reader_id"), f.requiredLong("sender_id"),
          f.optionalLong("up_to"));
      case "settings_updated" -> new ServerFrame.SettingsUpdated(f.requiredBoolean("read_receipts"));
      case "messages_delivered" -> new ServerFrame.MessagesDelivered(f.requiredLong("receiver_id"),
          f.requiredLong("sender_id"), f.requiredLong("up_to"));
      case "typing_indicator" -> new ServerFrame.TypingIndicator(f.requiredLong("sender_id"),
          f.requiredString("sender_username"), f.requiredLong("receiver_id"), f.requiredBoolean("is_typing"));
      case "pong" -> new ServerFrame.Pong();
      case "resumed" -> new ServerFrame.Resumed(f.requiredLong("seq"));
      case "resync_required" -> new ServerFrame.ResyncRequired();
      case "error" -> new ServerFrame.Error(f.requiredString("code"), f.requiredString("message"),
          f.optionalString("client_msg_id"));
      default -> throw ProtocolException.badRequest("unknown type");
    };
  }

  /** A MESSAGE of CONTRACT §4 (a REST answer): the chat_message event without its type. */
  public static ServerFrame.ChatMessage message(JsonObject json) {
    JsonFields f = JsonFields.of(json);
    return new ServerFrame.ChatMessage(f.requiredLong("message_id"), f.requiredLong("sender_id"),
        f.requiredString("sender_username"), f.requiredLong("receiver_id"), f.requiredString("message"),
        instant(f.requiredString("created_at")), f.requiredBoolean("is_read"), f.optionalString("client_msg_id"),
        f.optionalString("delivered_at") == null ? null : instant(f.optionalString("delivered_at")));
  }

  private static JsonValue parse(String text) {
    return JsonText.parse(text);
  }

  /** The client_msg_id if the frame has a readable one, so that errors can name it (only that). */
  private static String clientMsgIdOf(JsonFields fields) {
    try {
      return fields.optionalString("client_msg_id");
    } catch (ProtocolException e) {
      return null;
    }
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ProtocolException.badRequest("times must be RFC 3339");
    }
  }

  private static void addNullable(JsonObjectBuilder json, String name, String value) {
    if (value == null) {
      json.addNull(name);
    } else {
      json.add(name, value);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
