package com.companychat.bench.scenario;

import com.companychat.bench.BenchOptions;
import com.companychat.bench.Json;
import com.companychat.bench.load.RateRun;
import jakarta.json.JsonObject;
import java.time.Duration;

/** {@code rate}: R messages a second over P pairs, open loop, after a warm-up that is not counted. */
final class RateScenario implements Scenario {

  @Override
  public JsonObject run(BenchContext ctx) throws Exception {
    String base = ctx.bases().get(0);
    return measure(ctx, "rate", base, base);
  }

  /** Shared with {@code cross}, which only puts the receivers on another instance. */
  static JsonObject measure(BenchContext ctx, String scenario, String senderBase, String receiverBase)
      throws Exception {
    BenchOptions options = ctx.options();
    double rate = options.decimal("rate", 1000);
    try (PairFleet fleet = PairFleet.open(ctx, options.integer("pairs", 500), senderBase, receiverBase)) {
      RateRun run = new RateRun(fleet.pairs(), ctx.cpu(), options.duration("drain", Duration.ofSeconds(10)));
      warmUp(ctx, run, rate);
      ctx.progress("%s: %.0f msgs/s for %s", scenario, rate, options.duration("duration", Duration.ofSeconds(60)));
      RateRun.RateResult result = run.run(ctx.tag() + "-m-", rate, options.duration("duration", Duration.ofSeconds(60)));
      return Json.object().add("scenario", scenario).add("handshakes_per_s", Json.round(fleet.handshakesPerSecond()))
          .addAll(jakarta.json.Json.createObjectBuilder(result.toJson())).build();
    }
  }

  /** JIT, pools and caches warm up at the measured rate; the figures are thrown away. */
  static void warmUp(BenchContext ctx, RateRun run, double rate) {
    Duration warmup = ctx.options().duration("warmup", Duration.ofSeconds(10));
    if (!warmup.isZero()) {
      ctx.progress("warm-up: %.0f msgs/s for %s", rate, warmup);
      RateRun.RateResult result = run.run(ctx.tag() + "-w-", rate, warmup);
      ctx.progress("warm-up done: p99 %.1f ms, lost %d", result.endToEnd().percentileMs(99), result.tally().lost());
    }
  }
}
