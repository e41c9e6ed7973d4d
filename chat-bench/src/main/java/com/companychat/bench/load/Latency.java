package com.companychat.bench.load;

import com.companychat.bench.Json;
import jakarta.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.SynchronizedHistogram;

/** A latency distribution in microseconds, reported in milliseconds. */
public final class Latency {
  /** Up to an hour: a stalled server shows up as a huge figure, never as a lost sample. */
  private final SynchronizedHistogram histogram = new SynchronizedHistogram(TimeUnit.HOURS.toMicros(1), 3);

  public void record(long nanos) {
    histogram.recordValue(Math.min(Math.max(nanos / 1000, 0), histogram.getHighestTrackableValue()));
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** Milliseconds at a percentile (0..100). */
  public double percentileMs(double percentile) {
    return count() == 0 ? -1 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  public double maxMs() {
    return count() == 0 ? -1 : histogram.getMaxValue() / 1000.0;
  }

  public JsonObject toJson() {
    return Json.object()
        .add("p50", Json.round(percentileMs(50)))
        .add("p90", Json.round(percentileMs(90)))
        .add("p99", Json.round(percentileMs(99)))
        .add("p99_9", Json.round(percentileMs(99.9)))
        .add("max", Json.round(maxMs()))
        .add("count", count())
        .build();
  }
}
