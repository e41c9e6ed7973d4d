package com.companychat.bench;

import com.companychat.bench.report.MarkdownReport;
import com.companychat.bench.scenario.BenchContext;
import com.companychat.bench.scenario.Scenario;
import jakarta.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code java -jar chat-bench.jar --scenario rate --base http://127.0.0.1:8080/ --rate 1000
 * --pairs 500 --duration 60s --admin-user admin --admin-password …}: runs one scenario and prints
 * its one-line JSON summary on stdout (progress goes to stderr). {@code --scenario report
 * --results results.jsonl --out BENCHMARKS.md} turns collected summaries into markdown.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(run(System.out, args));
  }

  /** @return the process exit code: 0 when the scenario ran to its summary */
  public static int run(PrintStream out, String... args) {
    BenchOptions options = BenchOptions.parse(args);
    String scenario = options.required("scenario");
    if (scenario.equals("report")) {
      MarkdownReport.write(Path.of(options.required("results")), Path.of(options.required("out")));
      return 0;
    }
    try (BenchContext context = new BenchContext(options)) {
      JsonObject summary = Scenario.named(scenario).run(context);
      out.println(summary);
      return 0;
    } catch (Exception e) {
      e.printStackTrace();
      out.println(Json.object().add("scenario", scenario).add("error", String.valueOf(e)).build());
      return 1;
    }
  }
}
