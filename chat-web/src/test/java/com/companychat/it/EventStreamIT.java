package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §6.1 on Payara Micro and PostgreSQL: one stream per user, resumed with
 * {@code ?since=} without a gap or a duplicate at the seam between replay and live, also while
 * other users' commits land during the replay; and the REST fallback {@code GET /api/chat/events/}.
 */
class EventStreamIT extends DeployedWar {
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
      List<JsonObject> replay = StreamClient.untilResumed(resumed);
      assertEquals(List.of("chat_message", "chat_message", "chat_message", "messages_read"),
          replay.subList(0, replay.size() - 1).stream().map(f -> f.getString("type")).toList());
      assertEquals(List.of(m2, m3, a1), replay.subList(0, 3).stream()
          .map(f -> f.getJsonNumber("message_id").longValue()).toList());
      assertEquals(bob.id(), replay.get(3).getJsonNumber("reader_id").longValue());
      assertEquals(alice.id(), replay.get(3).getJsonNumber("sender_id").longValue());
      List<Long> seqs = StreamClient.seqs(replay.subList(0, replay.size() - 1));
      StreamClient.assertStrictlyIncreasing(seen, seqs);
      long last = replay.get(replay.size() - 1).getJsonNumber("seq").longValue();
      assertEquals(seqs.get(seqs.size() - 1), last, "resumed names my newest seq");

      JsonObject rest = api.get("api/chat/events/?after=" + seen, alice.token()).object();
      assertEquals(seqs, StreamClient.seqs(rest.getJsonArray("events").getValuesAs(JsonObject.class)), "REST: the same events");
      assertEquals(replay.subList(0, replay.size() - 1), rest.getJsonArray("events").getValuesAs(JsonObject.class));
      assertEquals(last, rest.getJsonNumber("last_seq").longValue());
      assertFalse(rest.getBoolean("more"));

      long live = send(bob, alice, "live");
      JsonObject next = StreamClient.nextStored(resumed);
      assertEquals(live, next.getJsonNumber("message_id").longValue());
      assertTrue(next.getJsonNumber("seq").longValue() > last, "live after the replay");
    }
    try (SocketClient upToDate = resume(alice, seqOfNewest(alice))) {
      List<JsonObject> nothing = StreamClient.untilResumed(upToDate);
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
      assertEquals(live, StreamClient.nextStored(ahead).getJsonNumber("message_id").longValue());
    }
    Api.Reply gone = api.get("api/chat/events/?after=" + (newest + 5), alice.token());
    assertEquals(410, gone.status());
    assertEquals("gone", gone.error());
    assertEquals(400, api.get("api/chat/events/?after=-1", alice.token()).status());
    assertEquals(400, SocketClient.handshakeStatus(SocketClient.socketUri(api, "ws/chat/?since=x"),
        "Bearer " + alice.token()));
  }

  /* The hard case: commits during the replay; see StreamClient.raceResumesAgainstSenders. */
  @Test
  void commitsDuringTheReplayAreNeitherLostNorDoubled() throws Exception {
    List<Person> colleagues = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      colleagues.add(fixture.employee(alice.companyId()));
    }
    StreamClient.raceResumesAgainstSenders(List.of(api), api, alice, colleagues, 50);
  }

  private long send(Person from, Person to, String text) {
    return StreamClient.send(api, from, to, text);
  }

  private SocketClient resume(Person who, long since) throws Exception {
    return StreamClient.resume(api, who, since);
  }

  private long seqOfNewest(Person who) {
    return api.get("api/chat/events/?after=0&limit=1000", who.token()).object().getJsonNumber("last_seq").longValue();
  }
}
