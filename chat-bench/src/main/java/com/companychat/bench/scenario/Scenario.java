package com.companychat.bench.scenario;

import jakarta.json.JsonObject;

/** One benchmark scenario: sets up its load, measures, and answers its one-line summary. */
public interface Scenario {
  JsonObject run(BenchContext context) throws Exception;

  /** The scenario for a {@code --scenario} name. */
  static Scenario named(String name) {
    return switch (name) {
      case "startup" -> new StartupScenario();
      case "idle" -> new IdleScenario();
      case "rate" -> new RateScenario();
      case "knee" -> new KneeScenario();
      case "cross" -> new CrossScenario();
      case "history" -> new HistoryScenario();
      case "client" -> new ClientScenario();
      default -> throw new IllegalArgumentException("unknown scenario '" + name + "'");
    };
  }
}
