package com.companychat.bench.scenario;

import com.companychat.bench.BenchOptions;
import com.companychat.bench.Json;
import com.companychat.bench.load.RateRun;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;

/**
 * {@code knee}: raises the rate step by step on the same sockets until p99 end to end passes the
 * limit, or a message is lost, refused or duplicated; the highest rate held is the answer.
 */
final class KneeScenario implements Scenario {

  @Override
  public JsonObject run(BenchContext ctx) throws Exception {
    BenchOptions options = ctx.options();
    double rate = options.decimal("rate", 1000);
    double step = options.decimal("step", 1000);
    double maxRate = options.decimal("max-rate", 20000);
    double p99Limit = options.decimal("p99-limit-ms", 50);
    Duration duration = options.duration("duration", Duration.ofSeconds(30));
    String base = ctx.bases().get(0);
    try (PairFleet fleet = PairFleet.open(ctx, options.integer("pairs", 1000), base, base)) {
      RateRun run = new RateRun(fleet.pairs(), ctx.cpu(), options.duration("drain", Duration.ofSeconds(10)));
      RateScenario.warmUp(ctx, run, rate);
      JsonArrayBuilder steps = jakarta.json.Json.createArrayBuilder();
      double held = 0;
      String stoppedBy = "max-rate reached";
      for (int i = 0; rate <= maxRate; i++, rate += step) {
        ctx.progress("knee step %d: %.0f msgs/s for %s", i, rate, duration);
        RateRun.RateResult result = run.run(ctx.tag() + "-k" + i + "-", rate, duration);
        steps.add(result.toJson());
        ctx.progress("  p99 %.1f ms, lost %d, errors %d", result.endToEnd().percentileMs(99),
            result.tally().lost(), result.tally().errorCount());
        if (!result.held(p99Limit) || result.achievedSendRate() < 0.95 * rate) {
          stoppedBy = reason(result, p99Limit);
          break;
        }
        held = rate;
      }
      return Json.object().add("scenario", "knee").add("pairs", fleet.pairs().size())
          .add("step_duration_s", duration.toMillis() / 1000.0).add("p99_limit_ms", p99Limit)
          .add("held_rate", held).add("stopped_by", stoppedBy).add("steps", steps).build();
    }
  }

  private static String reason(RateRun.RateResult result, double p99Limit) {
    if (result.achievedSendRate() < 0.95 * result.targetRate()) {
      return "generator could not keep the rate";
    }
    if (result.closedSockets() > 0) {
      return "sockets closed " + result.closedBy();
    }
    if (result.tally().lost() > 0 || result.tally().unacked() > 0) {
      return "loss";
    }
    if (result.tally().errorCount() > 0) {
      return "errors " + result.tally().errors();
    }
    if (result.tally().duplicated() > 0) {
      return "duplicates";
    }
    return "p99 > " + p99Limit + " ms";
  }
}
