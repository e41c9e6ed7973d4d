package com.companychat.events;

import com.companychat.messaging.control.MessageView;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;

/**
 * Events as they travel between instances: JSON text stamped with the instance they came from,
 * so that each instance can drop its own echoes, and with the time they were published, so that
 * the bus's lag can be measured (an envelope without it, from an older release, is still read).
 */
public final class EventCodec {
  /** Looked up once: Json.createX() asks the ServiceLoader on every call. */
  private static final JsonProvider JSON = JsonProvider.provider();

  private EventCodec() {}

  /** An event, the instance that published it and when (epoch ms; 0 when not stamped). */
  public record Envelope(String origin, ChatEvent event, long sentAtMillis) {}

  public static String encode(String origin, ChatEvent event) {
    return encode(origin, event, System.currentTimeMillis());
  }

  static String encode(String origin, ChatEvent event, long sentAtMillis) {
    JsonObjectBuilder json = JSON.createObjectBuilder().add("origin", origin).add("sent_at", sentAtMillis)
        .add("company_id", event.companyId());
    if (event instanceof ChatEvent.MessageSent sent) {
      MessageView m = sent.message();
      json.add("type", "message_sent").add("message_id", m.messageId()).add("sender_id", m.senderId())
          .add("sender_username", m.senderUsername()).add("receiver_id", m.receiverId())
          .add("message", m.message()).add("created_at", m.createdAt().toString()).add("is_read", m.isRead())
          .add("client_msg_id", m.clientMsgId() == null ? JsonValue.NULL : JSON.createValue(m.clientMsgId()))
          .add("sender_seq", sent.senderSeq()).add("receiver_seq", sent.receiverSeq());
    } else if (event instanceof ChatEvent.MessagesRead read) {
      json.add("type", "messages_read").add("reader_id", read.readerId()).add("sender_id", read.senderId())
          .add("origin_socket", read.originSocket() == null ? JsonValue.NULL : JSON.createValue(read.originSocket()))
          .add("reader_seq", read.readerSeq()).add("sender_seq", read.senderSeq())
          .add("up_to", read.upTo() == null ? JsonValue.NULL : JSON.createValue(read.upTo()));
    } else if (event instanceof ChatEvent.SettingsUpdated s) {
      json.add("type", "settings_updated").add("user_id", s.userId()).add("read_receipts", s.readReceipts())
          .add("seq", s.seq());
    } else if (event instanceof ChatEvent.MessagesDelivered d) {
      json.add("type", "messages_delivered").add("receiver_id", d.receiverId()).add("sender_id", d.senderId())
          .add("up_to", d.upTo()).add("sender_seq", d.senderSeq());
    } else if (event instanceof ChatEvent.Typing t) {
      json.add("type", "typing").add("sender_id", t.senderId()).add("sender_username", t.senderUsername())
          .add("receiver_id", t.receiverId()).add("is_typing", t.isTyping());
    } else if (event instanceof ChatEvent.PresenceChanged p) {
      json.add("type", "presence").add("user_id", p.userId()).add("username", p.username()).add("online", p.online())
          .add("version", p.version());
    } else if (event instanceof ChatEvent.UserDeactivated d) {
      json.add("type", "deactivated").add("user_id", d.userId());
    } else if (event instanceof ChatEvent.SessionsEnded e) {
      json.add("type", "sessions_ended").add("user_id", e.userId()).add("session", nullable(e.session()))
          .add("kept_session", nullable(e.keptSession()));
    } else if (event instanceof ChatEvent.EventsMissed) {
      json.add("type", "events_missed");
    }
    return json.build().toString();
  }

  /**
   * How every envelope that {@code origin} encodes begins, up to its publication time: an
   * instance knows its own echoes by it without reading them whole.
   */
  public static String prefixOf(String origin) {
    String json = JSON.createObjectBuilder().add("origin", origin).build().toString();
    return json.substring(0, json.length() - 1) + ",\"sent_at\":";
  }

  /** The publication time of an envelope that begins with {@code prefix}. */
  public static long sentAtAfter(String prefix, String text) {
    int end = text.indexOf(',', prefix.length());
    return Long.parseLong(text, prefix.length(), end, 10);
  }

  /** @throws RuntimeException for text that is not an event of ours */
  public static Envelope decode(String text) {
    JsonObject j;
    try (var reader = JSON.createReader(new StringReader(text))) {
      j = reader.readObject();
    }
    long company = j.getJsonNumber("company_id").longValue();
    ChatEvent event = switch (j.getString("type")) {
      case "message_sent" -> new ChatEvent.MessageSent(company, new MessageView(
          j.getJsonNumber("message_id").longValue(), j.getJsonNumber("sender_id").longValue(),
          j.getString("sender_username"), j.getJsonNumber("receiver_id").longValue(), j.getString("message"),
          Instant.parse(j.getString("created_at")), j.getBoolean("is_read"), j.getString("client_msg_id", null)),
          seq(j, "sender_seq"), seq(j, "receiver_seq"));
      case "messages_read" -> new ChatEvent.MessagesRead(company, j.getJsonNumber("reader_id").longValue(),
          j.getJsonNumber("sender_id").longValue(), j.getString("origin_socket", null), seq(j, "reader_seq"),
          seq(j, "sender_seq"), j.containsKey("up_to") && !j.isNull("up_to") ? j.getJsonNumber("up_to").longValue() : null);
      case "settings_updated" -> new ChatEvent.SettingsUpdated(company, j.getJsonNumber("user_id").longValue(),
          j.getBoolean("read_receipts"), seq(j, "seq"));
      case "messages_delivered" -> new ChatEvent.MessagesDelivered(company, j.getJsonNumber("receiver_id").longValue(),
          j.getJsonNumber("sender_id").longValue(), j.getJsonNumber("up_to").longValue(), seq(j, "sender_seq"));
      case "typing" -> new ChatEvent.Typing(company, j.getJsonNumber("sender_id").longValue(),
          j.getString("sender_username"), j.getJsonNumber("receiver_id").longValue(), j.getBoolean("is_typing"));
      case "presence" -> new ChatEvent.PresenceChanged(company, j.getJsonNumber("user_id").longValue(),
          j.getString("username"), j.getBoolean("online"), j.getJsonNumber("version").longValue());
      case "deactivated" -> new ChatEvent.UserDeactivated(company, j.getJsonNumber("user_id").longValue());
      case "sessions_ended" -> new ChatEvent.SessionsEnded(company, j.getJsonNumber("user_id").longValue(),
          j.getString("session", null), j.getString("kept_session", null));
      case "events_missed" -> new ChatEvent.EventsMissed(company);
      default -> throw new IllegalArgumentException("unknown event type " + j.getString("type"));
    };
    long sentAt = j.containsKey("sent_at") ? j.getJsonNumber("sent_at").longValue() : 0;
    return new Envelope(j.getString("origin"), event, sentAt);
  }

  private static JsonValue nullable(String text) {
    return text == null ? JsonValue.NULL : JSON.createValue(text);
  }

  /** A seq, unknown in the events of a release that did not send them. */
  private static long seq(JsonObject j, String key) {
    return j.containsKey(key) ? j.getJsonNumber(key).longValue() : ChatEvent.MessageSent.UNKNOWN;
  }
}
