package com.companychat.client.model;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Messages written but not yet acknowledged, kept on disk (one JSON line each) so that they
 * survive a restart. Each has its {@code client_msg_id} from the moment it is written: however
 * often it is retried, over the socket or REST, the server stores it once.
 */
public final class Outbox {
  /** A message waiting to be sent. */
  public record Entry(String clientMsgId, long receiverId, String text, Instant writtenAt) {}

  private final Path file;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  public Outbox(Path file) {
    this.file = file;
    load();
  }

  public synchronized Entry add(long receiverId, String text, Instant now) {
    Entry entry = new Entry(UUID.randomUUID().toString(), receiverId, text, now);
    entries.put(entry.clientMsgId(), entry);
    save();
    return entry;
  }

  /** A message given up earlier, queued again as it was (same {@code client_msg_id}: stored once). */
  public synchronized Entry again(Entry entry) {
    entries.put(entry.clientMsgId(), entry);
    save();
    return entry;
  }

  /** Acknowledged (or refused for good): it leaves the outbox. */
  public synchronized void remove(String clientMsgId) {
    if (entries.remove(clientMsgId) != null) {
      save();
    }
  }

  /** What still waits, oldest first. */
  public synchronized List<Entry> pending() {
    return new ArrayList<>(entries.values());
  }

  private void load() {
    if (!Files.exists(file)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank()) {
          continue;
        }
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
          JsonObject o = reader.readObject();
          Entry e = new Entry(o.getString("client_msg_id"), o.getJsonNumber("receiver_id").longValue(),
              o.getString("message"), Instant.parse(o.getString("written_at")));
          entries.put(e.clientMsgId(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the outbox " + file, e);
    }
  }

  private void save() {
    StringBuilder lines = new StringBuilder();
    for (Entry e : entries.values()) {
      lines.append(Json.createObjectBuilder().add("client_msg_id", e.clientMsgId())
          .add("receiver_id", e.receiverId()).add("message", e.text())
          .add("written_at", e.writtenAt().toString()).build()).append('\n');
    }
    try {
      PrivateFile.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the outbox " + file, e);
    }
  }
}
