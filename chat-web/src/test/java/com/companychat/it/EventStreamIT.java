package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §6.1 on Payara Micro and PostgreSQL: one stream per user, resumed with
 * {@code ?since=} without a gap or a duplicate at the seam between replay and live, also while
 * other users' commits land during the replay; and the REST fallback {@code GET /api/chat/events/}.
 */
class EventStreamIT extends DeployedWar {
  /** Frames that are not part of the stream (CONTRACT §6.1: they carry no seq). */
  static final Set<String> UNSTORED = Set.of("user_status", "typing_indicator", "pong", "error");

  Person alice;
  Person bob;

  @BeforeEach
  void colleagues() {
    alice = fixture.employee(fixture.company());
    bob = fixture.employee(alice.companyId());
  }

  /*
   * Alice's socket goes away; bob sends twice, alice sends once over REST, bob reads it. Resuming
   * from the last seq her socket saw, she gets exactly those four events once, in order, then
   * resumed with her newest seq, then live events. REST gives the same events.
   */
  @Test
  void aResumeGetsExactlyTheMissedEventsOnceInOrderThenResumedThenLive() throws Exception {
    long seen;
    try (SocketClient before = SocketClient.connect(api, alice.token())) {
      send(bob, alice, "before");
      JsonObject first = before.await("chat_message");
      seen = first.getJsonNumber("seq").longValue();
    }
    long m2 = send(bob, alice, "missed 1");
    long m3 = send(bob, alice, "missed 2");
    long a1 = send(alice, bob, "mine, over REST");
    assertEquals(200, api.post("api/chat/mark-read/", bob.token(), Api.json("sender_id", alice.id())).status());

    try (SocketClient resumed = resume(alice, seen)) {
      List<JsonObject> replay = untilResumed(resumed);
      assertEquals(List.of("chat_message", "chat_message", "chat_message", "messages_read"),
          replay.subList(0, replay.size() - 1).stream().map(f -> f.getString("type")).toList());
      assertEquals(List.of(m2, m3, a1), replay.subList(0, 3).stream()
          .map(f -> f.getJsonNumber("message_id").longValue()).toList());
      assertEquals(bob.id(), replay.get(3).getJsonNumber("reader_id").longValue());
      assertEquals(alice.id(), replay.get(3).getJsonNumber("sender_id").longValue());
      List<Long> seqs = seqs(replay.subList(0, replay.size() - 1));
      assertStrictlyIncreasing(seen, seqs);
      long last = replay.get(replay.size() - 1).getJsonNumber("seq").longValue();
      assertEquals(seqs.get(seqs.size() - 1), last, "resumed names my newest seq");

      JsonObject rest = api.get("api/chat/events/?after=" + seen, alice.token()).object();
      assertEquals(seqs, seqs(rest.getJsonArray("events").getValuesAs(JsonObject.class)), "REST: the same events");
      assertEquals(replay.subList(0, replay.size() - 1), rest.getJsonArray("events").getValuesAs(JsonObject.class));
      assertEquals(last, rest.getJsonNumber("last_seq").longValue());
      assertFalse(rest.getBoolean("more"));

      long live = send(bob, alice, "live");
      JsonObject next = nextStored(resumed);
      assertEquals(live, next.getJsonNumber("message_id").longValue());
      assertTrue(next.getJsonNumber("seq").longValue() > last, "live after the replay");
    }
    try (SocketClient upToDate = resume(alice, seqOfNewest(alice))) {
      List<JsonObject> nothing = untilResumed(upToDate);
      assertEquals(1, nothing.size(), "nothing missed: resumed at once " + nothing);
    }
  }

  @Test
  void aResumePointTheServerDoesNotKeepAsksForAResyncAndRestAnswers410() throws Exception {
    send(bob, alice, "one");
    long newest = seqOfNewest(alice);
    try (SocketClient ahead = resume(alice, newest + 5)) {
      assertEquals("resync_required", ahead.next().getString("type"));
      JsonObject resumed = ahead.await("resumed");
      assertEquals(newest, resumed.getJsonNumber("seq").longValue(), "live from my newest seq");
      long live = send(bob, alice, "two");
      assertEquals(live, nextStored(ahead).getJsonNumber("message_id").longValue());
    }
    Api.Reply gone = api.get("api/chat/events/?after=" + (newest + 5), alice.token());
    assertEquals(410, gone.status());
    assertEquals("gone", gone.error());
    assertEquals(400, api.get("api/chat/events/?after=-1", alice.token()).status());
    assertEquals(400, SocketClient.handshakeStatus(SocketClient.socketUri(api, "ws/chat/?since=x"),
        "Bearer " + alice.token()));
  }

  /*
   * The hard case: four colleagues send to alice as fast as they can while her client resumes
   * again and again, each time from a point some way back, so that every replay races commits.
   * Every socket must get, from its since on, exactly the stream's events in seq order: the
   * stream as REST reads it after all commits, a contiguous slice of it per socket.
   */
  @Test
  void commitsDuringTheReplayAreNeitherLostNorDoubled() throws Exception {
    int senders = 4;
    int each = 50;
    List<Person> colleagues = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      colleagues.add(fixture.employee(alice.companyId()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    List<List<Long>> sockets = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> sending = new ArrayList<>();
      for (Person colleague : colleagues) {
        sending.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < each; i++) {
            send(colleague, alice, "hammer " + i);
          }
          return null;
        }));
      }
      go.countDown();
      long total = (long) senders * each;
      long since = 0;
      long newestSeen = 0;
      int resumes = 0;
      while (newestSeen < total) {
        boolean sendersDone = sending.stream().allMatch(Future::isDone);
        try (SocketClient socket = resume(alice, since)) {
          List<Long> got = new ArrayList<>();
          List<JsonObject> replay = untilResumed(socket);
          got.addAll(seqs(replay.subList(0, replay.size() - 1)));
          long resumedAt = replay.get(replay.size() - 1).getJsonNumber("seq").longValue();
          // a few live events (or, once all is sent, until the last one)
          long liveUntil = sendersDone ? total : Math.min(total, resumedAt + 7);
          long last = got.isEmpty() ? since : got.get(got.size() - 1);
          assertEquals(last, resumedAt, "resumed names the newest seq replayed");
          while (last < liveUntil) {
            last = nextStored(socket).getJsonNumber("seq").longValue();
            got.add(last);
          }
          sockets.add(got);
          starts.add(since);
          newestSeen = Math.max(newestSeen, last);
          // the next resume starts some way back: its replay overlaps what is still committing
          since = Math.max(0, last - 25);
          resumes++;
        }
      }
      for (Future<?> f : sending) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertTrue(resumes >= 2, "resumed " + resumes + " times");
    } finally {
      pool.shutdownNow();
    }
    List<Long> stream = seqs(api.get("api/chat/events/?after=0&limit=1000", alice.token()).object()
        .getJsonArray("events").getValuesAs(JsonObject.class));
    assertEquals(senders * each, stream.size(), "every message is in alice's stream once");
    assertStrictlyIncreasing(0, stream);
    for (int i = 0; i < sockets.size(); i++) {
      List<Long> got = sockets.get(i);
      long from = starts.get(i);
      List<Long> expected = stream.stream().filter(s -> s > from).limit(got.size()).toList();
      assertEquals(expected, got, "socket " + i + " resumed from " + from + ": no gap, no duplicate, in order");
    }
  }

  private long send(Person from, Person to, String text) {
    Api.Reply reply = api.post("api/chat/send/", from.token(), Api.json("receiver_id", to.id(), "message", text));
    assertEquals(201, reply.status(), reply::toString);
    return reply.object().getJsonNumber("message_id").longValue();
  }

  private SocketClient resume(Person who, long since) throws Exception {
    return SocketClient.connect(SocketClient.socketUri(api, "ws/chat/?since=" + since), "Bearer " + who.token());
  }

  private long seqOfNewest(Person who) {
    return api.get("api/chat/events/?after=0&limit=1000", who.token()).object().getJsonNumber("last_seq").longValue();
  }

  /** The stored events up to and including {@code resumed}, skipping unstored frames. */
  private static List<JsonObject> untilResumed(SocketClient socket) throws InterruptedException {
    List<JsonObject> frames = new ArrayList<>();
    while (true) {
      JsonObject frame = nextStored(socket);
      frames.add(frame);
      if (frame.getString("type").equals("resumed")) {
        return frames;
      }
    }
  }

  private static JsonObject nextStored(SocketClient socket) throws InterruptedException {
    while (true) {
      JsonObject frame = socket.next();
      if (!UNSTORED.contains(frame.getString("type"))) {
        assertTrue(frame.containsKey("seq"), () -> "a stored event carries its seq: " + frame);
        return frame;
      }
      assertFalse(frame.containsKey("seq"), () -> "an unstored frame carries no seq: " + frame);
    }
  }

  private static List<Long> seqs(List<JsonObject> events) {
    return events.stream().map(e -> e.getJsonNumber("seq").longValue()).toList();
  }

  private static void assertStrictlyIncreasing(long after, List<Long> seqs) {
    long previous = after;
    for (long seq : seqs) {
      assertTrue(seq > previous, () -> "seqs strictly increasing after " + after + ": " + seqs);
      previous = seq;
    }
  }
}
