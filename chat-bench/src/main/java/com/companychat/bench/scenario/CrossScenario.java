package com.companychat.bench.scenario;

import jakarta.json.JsonObject;

/** {@code cross}: senders on instance A, receivers on instance B; every message crosses Redis. */
final class CrossScenario implements Scenario {

  @Override
  public JsonObject run(BenchContext ctx) throws Exception {
    if (ctx.bases().size() < 2) {
      throw new IllegalArgumentException("cross needs two bases: --base http://a/,http://b/");
    }
    return RateScenario.measure(ctx, "cross", ctx.bases().get(0), ctx.bases().get(1));
  }
}
