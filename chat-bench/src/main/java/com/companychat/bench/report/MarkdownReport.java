package com.companychat.bench.report;

import com.companychat.bench.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** The summaries of one run as markdown tables, ready for docs/benchmarks.md; appended to {@code out}. */
public final class MarkdownReport {
  private static final String[] LOAD_COLUMNS = {"target_rate", "pairs", "duration_s", "achieved_send_rate",
      "sent", "acked", "received", "lost", "duplicated", "errors", "e2e_ms.p50", "e2e_ms.p90", "e2e_ms.p99",
      "e2e_ms.p99_9", "e2e_ms.max", "ack_ms.p50", "ack_ms.p99", "drain_s", "cpu.generator_cpu_pct", "cpu.server_cpu_pct",
      "cpu.machine_cpu_pct", "cpu.system_cpu_ms_per_msg"};
  private static final String LOAD_HEADER = Row.line("scenario", "msgs/s", "pairs", "s", "sent/s", "sent",
      "acked", "received", "lost", "dup", "errors", "e2e p50", "p90", "p99", "p99.9", "max", "ack p50", "ack p99",
      "drain (s)", "gen CPU %", "server CPU %", "machine CPU %", "CPU ms/msg*")
      + "|" + "---|".repeat(23) + "\n";

  private MarkdownReport() {}

  public static void write(Path results, Path out) {
    try {
      List<JsonObject> summaries = read(results);
      StringBuilder md = new StringBuilder();
      startup(md, summaries);
      idle(md, summaries);
      loads(md, summaries);
      knee(md, summaries);
      history(md, summaries);
      client(md, summaries);
      md.append(TargetTable.render(summaries));
      Files.writeString(out, md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonObject> read(Path results) throws IOException {
    List<JsonObject> summaries = new ArrayList<>();
    for (String line : Files.readAllLines(results)) {
      if (line.startsWith("{")) {
        summaries.add(Json.parseObject(line));
      }
    }
    return summaries;
  }

  static List<JsonObject> of(List<JsonObject> summaries, String scenario) {
    List<JsonObject> matching = new ArrayList<>();
    summaries.stream().filter(s -> scenario.equals(s.getString("scenario", ""))).forEach(matching::add);
    return matching;
  }

  private static void startup(StringBuilder md, List<JsonObject> summaries) {
    md.append("\n### Start-up (process launch → first socket echo)\n\n")
        .append(Row.line("instance", "API answers a login (ms)", "first socket echo (ms)")).append("|---|---|---|\n");
    for (JsonObject s : of(summaries, "startup")) {
      md.append(Row.line(Row.cell(s, "label"), Row.cell(s, "api_ready_ms"), Row.cell(s, "first_echo_ms")));
    }
  }

  private static void idle(StringBuilder md, List<JsonObject> summaries) {
    md.append("\n### idle\n\n").append(Row.line("sockets", "connected", "failed", "handshakes/s",
        "heap/socket (KiB)", "RSS/socket (KiB)", "pongs", "ping p50 (ms)", "ping p99 (ms)", "open after hold"))
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (JsonObject s : of(summaries, "idle")) {
      md.append(Row.line(Row.cell(s, "sockets"), Row.cell(s, "connected"), Row.cell(s, "failed"),
          Row.cell(s, "handshakes_per_s"), Row.cell(s, "heap_per_socket_kb"), Row.cell(s, "rss_per_socket_kb"),
          Row.cell(s, "pongs"), Row.cell(s, "ping_ms.p50"), Row.cell(s, "ping_ms.p99"), Row.cell(s, "open_after_hold")));
    }
  }

  private static void loads(StringBuilder md, List<JsonObject> summaries) {
    md.append("\n### rate, cross, and the load under history (latencies in ms from the intended send time)\n\n")
        .append(LOAD_HEADER);
    for (JsonObject s : summaries) {
      String scenario = s.getString("scenario", "");
      if (scenario.equals("rate") || scenario.equals("cross")) {
        md.append(loadRow(scenario, s));
      } else if (scenario.equals("history") && s.containsKey("rate")) {
        md.append(loadRow("history (load)", s.getJsonObject("rate")));
      }
    }
    md.append("\n*CPU ms/msg: machine CPU minus the generator's, per message sent — the issue's budget is 0.25 ms.\n");
  }

  static String loadRow(String label, JsonObject s) {
    List<String> cells = new ArrayList<>(List.of(label));
    for (String column : LOAD_COLUMNS) {
      cells.add(Row.cell(s, column));
    }
    return Row.line(cells.toArray(String[]::new));
  }

  private static void knee(StringBuilder md, List<JsonObject> summaries) {
    for (JsonObject s : of(summaries, "knee")) {
      md.append("\n### knee (").append(Row.cell(s, "pairs")).append(" pairs, ").append(Row.cell(s, "step_duration_s"))
          .append(" s a step, limit p99 ").append(Row.cell(s, "p99_limit_ms")).append(" ms): held **")
          .append(Row.cell(s, "held_rate")).append(" msgs/s**, stopped by ").append(Row.cell(s, "stopped_by"))
          .append("\n\n").append(LOAD_HEADER);
      for (JsonValue step : s.getJsonArray("steps")) {
        md.append(loadRow("knee step", step.asJsonObject()));
      }
    }
  }

  private static String pageRow(JsonObject s, String phase, String load) {
    List<String> cells = new ArrayList<>(List.of(Row.cell(s, "seeded_rows"), Row.cell(s, "seed_s"), load));
    for (String column : List.of("target_pages_per_s", "requested", "completed", "failed", "short_pages",
        "page_ms.p50", "page_ms.p90", "page_ms.p99", "page_ms.p99_9", "page_ms.max")) {
      cells.add(Row.cell(s, phase + "." + column));
    }
    return Row.line(cells.toArray(String[]::new));
  }

  private static void client(StringBuilder md, List<JsonObject> summaries) {
    List<JsonObject> runs = of(summaries, "client");
    if (runs.isEmpty()) {
      return;
    }
    md.append("\n### client (the desktop client through bin/chat-client; targets: RSS <= 120 MB, login window <= 1.5 s)\n\n")
        .append(Row.line("conversations", "received", "opened", "held (s)", "login window, first start (ms)",
            "login window (ms)", "RSS logged in (MiB)", "RSS after 10k received", "RSS after opening all",
            "RSS peak", "RSS at the end"))
        .append("|" + "---|".repeat(11) + "\n");
    for (JsonObject s : runs) {
      md.append(Row.line(Row.cell(s, "conversations"), Row.cell(s, "unread_seen"), Row.cell(s, "conversations_opened"),
          Row.cell(s, "duration_s"), Row.cell(s, "login_window_first_ms"), Row.cell(s, "login_window_ms"),
          Row.cell(s, "rss_logged_in_mib"), Row.cell(s, "rss_received_mib"), Row.cell(s, "rss_opened_mib"),
          Row.cell(s, "rss_peak_mib"), Row.cell(s, "rss_end_mib")));
    }
  }

  private static void history(StringBuilder md, List<JsonObject> summaries) {
    md.append("\n### history (deep conversation pages of 50 over HTTP, while the load above runs)\n\n")
        .append(Row.line("rows", "seed (s)", "message load", "pages/s", "requested", "completed", "failed", "short pages",
            "p50 (ms)", "p90", "p99", "p99.9", "max"))
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (JsonObject s : of(summaries, "history")) {
      md.append(pageRow(s, "pages_alone", "none"));
      md.append(pageRow(s, "pages", Row.cell(s, "rate.target_rate") + " msgs/s"));
    }
  }
}
