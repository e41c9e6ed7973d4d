package com.companychat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/** Runs n asynchronous tasks with at most {@code parallel} in flight: a bounded load, not a flood. */
public final class Concurrently {
  private Concurrently() {}

  /**
   * Starts the tasks in index order and waits for all of them.
   *
   * @return every task's future, completed (normally or not), in index order
   */
  public static <T> List<CompletableFuture<T>> run(int n, int parallel, IntFunction<CompletableFuture<T>> task)
      throws InterruptedException {
    Semaphore permits = new Semaphore(parallel);
    List<CompletableFuture<T>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      permits.acquire();
      CompletableFuture<T> future;
      try {
        future = task.apply(i);
      } catch (RuntimeException e) {
        future = CompletableFuture.failedFuture(e);
      }
      future.whenComplete((result, error) -> permits.release());
      futures.add(future);
    }
    permits.acquire(parallel);
    return futures;
  }

  /** The results, or the first failure. */
  public static <T> List<T> joinAll(List<CompletableFuture<T>> futures) {
    List<T> results = new ArrayList<>(futures.size());
    for (CompletableFuture<T> future : futures) {
      results.add(future.join());
    }
    return results;
  }
}
