package com.companychat.bench.scenario;

import com.companychat.bench.BenchOptions;
import com.companychat.bench.Json;
import com.companychat.bench.history.HistorySeeder;
import com.companychat.bench.history.PageLoad;
import com.companychat.bench.load.RateRun;
import com.companychat.bench.provision.BenchUser;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code history}: seeds a big chat_message table straight into PostgreSQL, then reads deep
 * conversation pages at a fixed rate while the message load runs (default 1,000 msgs/s).
 */
final class HistoryScenario implements Scenario {

  @Override
  public JsonObject run(BenchContext ctx) throws Exception {
    BenchOptions options = ctx.options();
    String base = ctx.bases().get(0);
    double rate = options.decimal("rate", 1000);
    Duration duration = options.duration("duration", Duration.ofSeconds(60));
    List<BenchUser> users = PairFleet.provision(ctx, options.integer("pairs", 500), base);
    List<HistorySeeder.Conversation> conversations = new ArrayList<>();
    for (int i = 0; i + 1 < users.size() && conversations.size() < options.integer("conversations", 100); i += 2) {
      BenchUser a = users.get(i);
      conversations.add(new HistorySeeder.Conversation(a.companyId(), a.id(), users.get(i + 1).id()));
    }
    // Before any socket opens: a socket's live delivery starts at the newest id its handshake
    // saw, and the server would push seeded ids above that as missed messages.
    long seedStart = System.nanoTime();
    HistorySeeder.Seeded seeded = seed(ctx, conversations, options.longValue("seed", 10_000_000L));
    double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
    ctx.progress("seeded %d messages in %.1f s", seeded.count(), seedSeconds);
    try (PairFleet fleet = PairFleet.connect(ctx, users, base, base)) {
      List<BenchUser> readers = new ArrayList<>();
      List<BenchUser> partners = new ArrayList<>();
      for (int i = 0; i < conversations.size(); i++) {
        readers.add(users.get(2 * i));
        partners.add(users.get(2 * i + 1));
      }
      PageLoad pageLoad = new PageLoad(ctx.api(base).rest(), readers, partners, seeded);
      double pageRate = options.decimal("page-rate", 200);
      // First the pages alone: what the query costs, apart from what the message load costs.
      Duration alone = options.duration("pages-alone", Duration.ofSeconds(10));
      ctx.progress("history: %.0f pages/s alone, for %s", pageRate, alone);
      JsonObject pagesAlone = pageLoad.run(pageRate, alone);

      RateRun run = new RateRun(fleet.pairs(), ctx.cpu(), options.duration("drain", Duration.ofSeconds(10)));
      RateScenario.warmUp(ctx, run, rate);
      CompletableFuture<RateRun.RateResult> load = CompletableFuture.supplyAsync(
          () -> run.run(ctx.tag() + "-h-", rate, duration), runnable -> new Thread(runnable, "bench-rate").start());
      ctx.progress("history: %.0f pages/s while %.0f msgs/s, for %s", pageRate, rate, duration);
      JsonObject pages = pageLoad.run(pageRate, duration);
      return Json.object().add("scenario", "history").add("seeded_rows", seeded.count())
          .add("seed_s", Json.round(seedSeconds)).add("conversations", conversations.size())
          .add("pages_alone", pagesAlone).add("pages", pages).add("rate", load.get().toJson()).build();
    }
  }

  private static HistorySeeder.Seeded seed(BenchContext ctx, List<HistorySeeder.Conversation> conversations,
      long count) throws Exception {
    BenchOptions options = ctx.options();
    HistorySeeder seeder = new HistorySeeder(options.string("db-url", "jdbc:postgresql://127.0.0.1:5432/chat_bench"),
        options.string("db-user", "postgres"), options.string("db-password", ""));
    ctx.progress("seeding %d messages over %d conversations", count, conversations.size());
    return seeder.seed(conversations, count);
  }
}
