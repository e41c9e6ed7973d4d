package com.companychat.bench.report;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** The targets beside what this run measured; a target is "met" only at the target's scale. */
final class TargetTable {
  private TargetTable() {}

  static String render(List<JsonObject> summaries) {
    StringBuilder md = new StringBuilder("\n### Targets vs measured\n\n")
        .append(Row.line("scenario", "target", "measured", "verdict")).append("|---|---|---|---|\n");
    last(summaries, "knee").ifPresent(k -> md.append(Row.line("knee", "≥ 5,000 msgs/s held 2 min, p99 ≤ 50 ms, no loss",
        Row.cell(k, "held_rate") + " msgs/s held (" + Row.cell(k, "pairs") + " pairs, " + Row.cell(k, "step_duration_s")
            + " s steps; stopped by " + Row.cell(k, "stopped_by") + ")",
        verdict(Row.number(k, "held_rate") >= 5000, Row.number(k, "step_duration_s") >= 120))));
    Optional<JsonObject> rate = last(summaries, "rate");
    rate.ifPresent(r -> md.append(Row.line("rate 1,000/s", "p50 ≤ 2 ms, p99 ≤ 10 ms end to end",
        "p50 " + Row.cell(r, "e2e_ms.p50") + " ms, p99 " + Row.cell(r, "e2e_ms.p99") + " ms at " + Row.cell(r, "target_rate") + "/s",
        verdict(Row.number(r, "e2e_ms.p50") <= 2 && Row.number(r, "e2e_ms.p99") <= 10, Row.number(r, "target_rate") >= 1000))));
    last(summaries, "cross").ifPresent(c -> md.append(crossRow(c, rate)));
    last(summaries, "idle").ifPresent(i -> {
      md.append(Row.line("idle", "50,000 sockets, ≤ 24 KB heap each, pings answered",
          Row.cell(i, "connected") + " sockets, " + Row.cell(i, "heap_per_socket_kb") + " KiB heap each, "
              + Row.cell(i, "pongs") + " pongs",
          verdict(Row.number(i, "heap_per_socket_kb") <= 24 && Row.number(i, "pongs") >= Row.number(i, "connected"),
              Row.number(i, "connected") >= 50_000)));
      md.append(Row.line("handshakes", "≥ 2,000 authenticated upgrades/s", Row.cell(i, "handshakes_per_s") + " /s",
          verdict(Row.number(i, "handshakes_per_s") >= 2000, true)));
    });
    last(summaries, "history").ifPresent(h -> md.append(Row.line("history", "page of 50, p99 ≤ 5 ms at 200 pages/s, 10M rows",
        "p99 " + Row.cell(h, "pages.page_ms.p99") + " ms at " + Row.cell(h, "pages.target_pages_per_s")
            + " pages/s under " + Row.cell(h, "rate.target_rate") + " msgs/s (" + Row.cell(h, "pages_alone.page_ms.p99")
            + " ms alone), " + Row.cell(h, "seeded_rows") + " rows",
        verdict(Row.number(h, "pages.page_ms.p99") <= 5, Row.number(h, "seeded_rows") >= 10_000_000))));
    List<JsonObject> starts = MarkdownReport.of(summaries, "startup");
    if (!starts.isEmpty()) {
      JsonObject fastest = starts.stream()
          .min((a, b) -> Double.compare(Row.number(a, "first_echo_ms"), Row.number(b, "first_echo_ms"))).get();
      md.append(Row.line("start", "ready (first socket echo) ≤ 8 s", Row.cell(fastest, "first_echo_ms") + " ms ("
          + Row.cell(fastest, "label") + ")", verdict(Row.number(fastest, "first_echo_ms") <= 8000, true)));
    }
    return md.toString();
  }

  private static String crossRow(JsonObject cross, Optional<JsonObject> rate) {
    double p50 = Row.number(cross, "e2e_ms.p50") - rate.map(r -> Row.number(r, "e2e_ms.p50")).orElse(Double.NaN);
    double p99 = Row.number(cross, "e2e_ms.p99") - rate.map(r -> Row.number(r, "e2e_ms.p99")).orElse(Double.NaN);
    return Row.line("cross 1,000/s", "adds ≤ 1 ms p50, ≤ 5 ms p99 over one instance",
        String.format("p50 %s ms (%+.2f), p99 %s ms (%+.2f)", Row.cell(cross, "e2e_ms.p50"), p50,
            Row.cell(cross, "e2e_ms.p99"), p99),
        verdict(p50 <= 1 && p99 <= 5, Row.number(cross, "target_rate") >= 1000));
  }

  private static String verdict(boolean met, boolean atTargetScale) {
    if (!atTargetScale) {
      return met ? "met at a smaller scale (not yet at the target's)" : "**not met** (and at a smaller scale)";
    }
    return met ? "met" : "**not met**";
  }

  private static Optional<JsonObject> last(List<JsonObject> summaries, String scenario) {
    List<JsonObject> matching = MarkdownReport.of(summaries, scenario);
    return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
  }
}
