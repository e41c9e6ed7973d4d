package com.companychat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void readsDurationsInSecondsMinutesAndMillis() {
    BenchOptions options = BenchOptions.parse("--a", "90s", "--b", "2m", "--c", "500ms", "--d", "1.5");
    assertEquals(Duration.ofSeconds(90), options.duration("a", null));
    assertEquals(Duration.ofMinutes(2), options.duration("b", null));
    assertEquals(Duration.ofMillis(500), options.duration("c", null));
    assertEquals(Duration.ofMillis(1500), options.duration("d", null));
    assertEquals(Duration.ofSeconds(7), options.duration("missing", Duration.ofSeconds(7)));
  }

  @Test
  void readsListsAndNumbersWithUnderscores() {
    BenchOptions options = BenchOptions.parse("--base", "http://a/, http://b/", "--seed", "10_000_000");
    assertEquals(List.of("http://a/", "http://b/"), options.list("base"));
    assertEquals(10_000_000L, options.longValue("seed", 0));
  }

  @Test
  void refusesAnOptionWithoutValue() {
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--rate"));
  }
}
