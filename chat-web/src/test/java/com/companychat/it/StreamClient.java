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

/** A client of the event stream (CONTRACT §6.1) for the ITs: resumes, reads seqs, races commits. */
final class StreamClient {
  /** Frames that are not part of the stream (CONTRACT §6.1: they carry no seq). */
  static final Set<String> UNSTORED = Set.of("user_status", "typing_indicator", "pong", "error");

  private StreamClient() {}

  static long send(Api api, Person from, Person to, String text) {
    Api.Reply reply = api.post("api/chat/send/", from.token(), Api.json("receiver_id", to.id(), "message", text));
    assertEquals(201, reply.status(), reply::toString);
    return reply.object().getJsonNumber("message_id").longValue();
  }

  static SocketClient resume(Api api, Person who, long since) throws Exception {
    return SocketClient.connect(SocketClient.socketUri(api, "ws/chat/?since=" + since), "Bearer " + who.token());
  }

  /** The seqs of the whole stream of {@code who} as REST reads it (up to 1,000). */
  static List<Long> stream(Api api, Person who) {
    return seqs(api.get("api/chat/events/?after=0&limit=1000", who.token()).object()
        .getJsonArray("events").getValuesAs(JsonObject.class));
  }

  /** The stored events up to and including {@code resumed}, skipping unstored frames. */
  static List<JsonObject> untilResumed(SocketClient socket) throws InterruptedException {
    List<JsonObject> frames = new ArrayList<>();
    while (true) {
      JsonObject frame = nextStored(socket);
      frames.add(frame);
      if (frame.getString("type").equals("resumed")) {
        return frames;
      }
    }
  }

  static JsonObject nextStored(SocketClient socket) throws InterruptedException {
    while (true) {
      JsonObject frame = socket.next();
      if (!UNSTORED.contains(frame.getString("type"))) {
        assertTrue(frame.containsKey("seq"), () -> "a stored event carries its seq: " + frame);
        return frame;
      }
      assertFalse(frame.containsKey("seq"), () -> "an unstored frame carries no seq: " + frame);
    }
  }

  static List<Long> seqs(List<JsonObject> events) {
    return events.stream().map(e -> e.getJsonNumber("seq").longValue()).toList();
  }

  static void assertStrictlyIncreasing(long after, List<Long> seqs) {
    long previous = after;
    for (long seq : seqs) {
      assertTrue(seq > previous, () -> "seqs strictly increasing after " + after + ": " + seqs);
      previous = seq;
    }
  }

  /*
   * The hard case of §6.1: colleagues send to the reader (sender i over {@code sendApis[i % n]}, so
   * in a cluster commits land on every instance) as fast as they can
   * while the reader's client resumes over {@code resumeApi} again and again, each time from a point
   * some way back, so that every replay races commits. Every socket must get, from its since on,
   * exactly the stream's events in seq order: a contiguous slice of the stream as REST reads it
   * after all commits.
   */
  static void raceResumesAgainstSenders(List<Api> sendApis, Api resumeApi, Person reader, List<Person> senders,
      int each) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(senders.size());
    List<List<Long>> sockets = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> sending = new ArrayList<>();
      for (int s = 0; s < senders.size(); s++) {
        Person sender = senders.get(s);
        Api sendApi = sendApis.get(s % sendApis.size());
        sending.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < each; i++) {
            send(sendApi, sender, reader, "hammer " + i);
          }
          return null;
        }));
      }
      go.countDown();
      long total = (long) senders.size() * each;
      long since = 0;
      long newestSeen = 0;
      while (newestSeen < total) {
        boolean sendersDone = sending.stream().allMatch(Future::isDone);
        try (SocketClient socket = resume(resumeApi, reader, since)) {
          List<JsonObject> replay = untilResumed(socket);
          List<Long> got = new ArrayList<>(seqs(replay.subList(0, replay.size() - 1)));
          long resumedAt = replay.get(replay.size() - 1).getJsonNumber("seq").longValue();
          long last = got.isEmpty() ? since : got.get(got.size() - 1);
          assertEquals(last, resumedAt, "resumed names the newest seq replayed");
          // a few live events (or, once all is sent, until the last one)
          long liveUntil = sendersDone ? total : Math.min(total, resumedAt + 7);
          while (last < liveUntil) {
            last = nextStored(socket).getJsonNumber("seq").longValue();
            got.add(last);
          }
          sockets.add(got);
          starts.add(since);
          newestSeen = Math.max(newestSeen, last);
          // the next resume starts some way back: its replay overlaps what is still committing
          since = Math.max(0, last - 25);
        }
      }
      for (Future<?> f : sending) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertTrue(sockets.size() >= 2, "resumed " + sockets.size() + " times");
    } finally {
      pool.shutdownNow();
    }
    List<Long> stream = stream(resumeApi, reader);
    assertEquals(senders.size() * each, stream.size(), "every message is in the reader's stream once");
    assertStrictlyIncreasing(0, stream);
    for (int i = 0; i < sockets.size(); i++) {
      List<Long> got = sockets.get(i);
      long from = starts.get(i);
      List<Long> expected = stream.stream().filter(s -> s > from).limit(got.size()).toList();
      assertEquals(expected, got, "socket " + i + " resumed from " + from + ": no gap, no duplicate, in order");
    }
  }
}
