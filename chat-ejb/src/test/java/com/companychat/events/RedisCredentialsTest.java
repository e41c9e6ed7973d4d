package com.companychat.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real redis-server of its own, on a free port, that wants a password ({@code requirepass})
 * and knows an ACL user: the bus works with either kind of URL and fails loudly with a wrong one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisCredentialsTest {
  int port;
  Process server;

  @BeforeAll
  void startRedisWithAPassword() throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--requirepass", "default-secret",
        "--user", "chat", "on", ">chat-s3cret", "~*", "&*", "+@all")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    for (int i = 0; i < 100 && !reachable(); i++) {
      Thread.sleep(100);
    }
  }

  @AfterAll
  void stop() throws Exception {
    server.destroy();
    server.waitFor(10, TimeUnit.SECONDS);
  }

  @Test
  void aPasswordOnlyUrlAndAUserUrlBothCarryEvents() throws Exception {
    try (RedisEventBus a = new RedisEventBus("redis://:default-secret@127.0.0.1:" + port, "a");
         RedisEventBus b = new RedisEventBus("redis://chat:chat-s3cret@127.0.0.1:" + port, "b")) {
      BlockingQueue<ChatEvent> atB = new LinkedBlockingQueue<>();
      b.subscribe(atB::add);
      b.watchCompany(7);
      ChatEvent typing = new ChatEvent.Typing(7, 1, "alice", 2, true);
      ChatEvent heard = null;
      for (int i = 0; i < 50 && heard == null; i++) {
        a.publish(typing);
        heard = atB.poll(200, TimeUnit.MILLISECONDS);
        if (heard instanceof ChatEvent.EventsMissed) {
          heard = null; // the subscription's own announcement
        }
      }
      assertNotNull(heard, "an event crossed a Redis that wants credentials");
      assertEquals(typing, heard);
      assertEquals("redis: connected", a.state());
    }
  }

  @Test
  void aWrongPasswordFailsAtStart() {
    assertThrows(RuntimeException.class, () -> new RedisEventBus("redis://chat:wrong@127.0.0.1:" + port, "x").close());
    assertThrows(RuntimeException.class, () -> new RedisEventBus("redis://127.0.0.1:" + port, "y").close());
  }

  private boolean reachable() {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
