package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** MicroProfile Health of the real WAR: what a load balancer and an admin's monitoring ask. */
class HealthIT extends DeployedWar {

  @Test
  void readyWhileTheDatabaseAnswersAndSaysHowEventsTravel() {
    Api.Reply ready = api.get("health/ready", null);
    assertEquals(200, ready.status(), ready::toString);
    assertEquals("UP", ready.object().getString("status"));
    Map<String, JsonObject> checks = ready.object().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .collect(Collectors.toMap(c -> c.getString("name"), c -> c));
    assertEquals("UP", checks.get("database").getString("status"));
    assertEquals("in-process", checks.get("events").getJsonObject("data").getString("bus"));
  }

  @Test
  void live() {
    Api.Reply live = api.get("health/live", null);
    assertEquals(200, live.status(), live::toString);
    assertEquals("UP", live.object().getString("status"));
  }
}
