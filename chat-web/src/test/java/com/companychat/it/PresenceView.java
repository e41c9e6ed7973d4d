package com.companychat.it;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a client believes of its colleagues' presence: the user list, then every user_status frame. */
final class PresenceView {
  private PresenceView() {}

  /** User id to is_online, as {@code GET /api/chat/users/} says now. */
  static Map<Long, Boolean> of(Api api, String token) {
    Map<Long, Boolean> view = new HashMap<>();
    for (JsonObject user : api.get("api/chat/users/", token).array().getValuesAs(JsonObject.class)) {
      view.put(user.getJsonNumber("id").longValue(), user.getBoolean("is_online"));
    }
    return view;
  }

  /** Applies the user_status frames that arrive within {@code ms}; other frames are skipped. */
  static void apply(SocketClient socket, Map<Long, Boolean> view, long ms) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    JsonObject frame;
    while ((frame = socket.poll(Math.max(0, deadline - System.currentTimeMillis()))) != null) {
      if ("user_status".equals(frame.getString("type"))) {
        view.put(frame.getJsonNumber("user_id").longValue(), frame.getBoolean("is_online"));
      }
    }
  }

  /** The view of these people only. */
  static Map<Long, Boolean> only(Map<Long, Boolean> view, List<Person> people) {
    Map<Long, Boolean> part = new HashMap<>();
    people.forEach(p -> part.put(p.id(), view.get(p.id())));
    return part;
  }
}
