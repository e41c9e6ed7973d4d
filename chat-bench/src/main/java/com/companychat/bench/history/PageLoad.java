package com.companychat.bench.history;

import com.companychat.bench.Json;
import com.companychat.bench.load.Latency;
import com.companychat.bench.provision.BenchUser;
import com.companychat.bench.provision.RestClient;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Conversation pages (CONTRACT §4 {@code GET /api/chat/conversation/{id}/?before=&limit=50}) at a
 * fixed rate, open loop, each before a random id of the seeded range: deep pages of a big table,
 * not the cached newest one. Latency counts from each request's due time.
 */
public final class PageLoad {
  private static final int LIMIT = 50;
  private final RestClient rest;
  private final List<BenchUser> readers;
  private final List<BenchUser> partners;
  private final HistorySeeder.Seeded seeded;

  public PageLoad(RestClient rest, List<BenchUser> readers, List<BenchUser> partners, HistorySeeder.Seeded seeded) {
    this.rest = rest;
    this.readers = readers;
    this.partners = partners;
    this.seeded = seeded;
  }

  /** Runs for the duration on the calling thread, then waits up to 10 s for the last pages. */
  public JsonObject run(double pagesPerSecond, Duration duration) {
    Latency latency = new Latency();
    AtomicLong failed = new AtomicLong();
    AtomicLong shortPages = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    SplittableRandom random = new SplittableRandom(6);
    long total = Math.round(pagesPerSecond * duration.toMillis() / 1000.0);
    long period = Math.round(1e9 / pagesPerSecond);
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long due = start + i * period;
      LockSupport.parkNanos(due - System.nanoTime());
      int k = random.nextInt(readers.size());
      // Deep pages: never among the last few thousand ids, where every page would be full anyway.
      long before = seeded.first() + LIMIT * readers.size() + random.nextLong(Math.max(1, seeded.count()
          - LIMIT * readers.size()));
      String path = "api/chat/conversation/" + partners.get(k).id() + "/?before=" + before + "&limit=" + LIMIT;
      rest.get(path, readers.get(k).accessToken()).whenComplete((response, error) -> {
        latency.record(System.nanoTime() - due);
        if (error != null || response.status() != 200) {
          failed.incrementAndGet();
        } else if (pageSize(response.body()) < LIMIT) {
          shortPages.incrementAndGet();
        }
        completed.incrementAndGet();
      });
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (completed.get() < total && System.nanoTime() < deadline) {
      LockSupport.parkNanos(20_000_000L);
    }
    return Json.object().add("target_pages_per_s", pagesPerSecond).add("requested", total)
        .add("completed", completed.get())
        .add("unfinished_after_10s", total - completed.get()).add("failed", failed.get()).add("short_pages", shortPages.get())
        .add("page_ms", latency.toJson()).build();
  }

  private static int pageSize(String body) {
    return jakarta.json.Json.createReader(new StringReader(body)).readArray().size();
  }
}
