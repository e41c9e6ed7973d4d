package com.companychat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class FailureLogTest {
  final List<LogRecord> records = new ArrayList<>();
  final AtomicLong now = new AtomicLong(1_000);
  final Logger logger = Logger.getAnonymousLogger();

  FailureLog log() {
    logger.setUseParentHandlers(false);
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
    return new FailureLog(logger, now::get);
  }

  @Test
  void aFloodOfOneKindIsOneWarningPerIntervalWithACountAndNoStackTrace() {
    FailureLog log = log();
    RuntimeException failure = new RuntimeException("wraps", new SQLException("terminating connection", "57P01"));
    for (int i = 0; i < 35; i++) {
      log.failed("A socket command failed", failure);
    }
    assertEquals(1, records.size(), "the first at once, the rest counted");
    assertNull(records.get(0).getThrown(), "no stack trace");
    assertTrue(java.text.MessageFormat.format(records.get(0).getMessage(), records.get(0).getParameters())
        .contains("java.sql.SQLException SQLState 57P01"));
    now.addAndGet(FailureLog.INTERVAL_MS);
    log.failed("A socket command failed", failure);
    assertEquals(2, records.size());
    assertEquals(35L, records.get(1).getParameters()[1], "34 counted meanwhile, and this one");
    log.failed("Another place", failure);
    assertEquals(3, records.size(), "each kind has its own tally");
  }
}
