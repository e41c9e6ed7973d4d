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

  /*
   * CONTRACT §6.2: bob's client says it has alice's messages; alice hears messages_delivered live
   * (once per change: a repeated or older receipt tells nobody) and on resume, REST shows
   * delivered_at, which never moves. Bad receipts get an error and the socket keeps working.
   */
  @Test
  void deliveredIsSetOnceAndTheSenderHearsItLiveOnResumeAndInRest() throws Exception {
    try (SocketClient a = SocketClient.connect(api, alice.token());
         SocketClient b = SocketClient.connect(api, bob.token())) {
      long m1 = send(alice, bob, "one");
      long m2 = send(alice, bob, "two");
      assertEquals(List.of(m1, m2), List.of(StreamClient.nextStored(a), StreamClient.nextStored(a)).stream()
          .map(f -> f.getJsonNumber("message_id").longValue()).toList());
      long before = seqOfNewest(alice);
      assertTrue(conversation(alice, bob).stream().allMatch(m -> m.isNull("delivered_at")), "null until delivered");

      b.send(Api.json("type", "delivered", "up_to", m1, "sender_id", alice.id()));
      JsonObject first = StreamClient.nextStored(a);
      assertEquals(Api.json("type", "messages_delivered", "receiver_id", bob.id(), "sender_id", alice.id(),
          "up_to", m1), Api.withoutSeq(first));
      String deliveredAt = conversation(alice, bob).get(0).getString("delivered_at");
      b.send(Api.json("type", "delivered", "up_to", m1, "sender_id", alice.id()));
      b.send(Api.json("type", "delivered", "up_to", m2, "sender_id", alice.id()));
      JsonObject second = StreamClient.nextStored(a);
      assertEquals(m2, second.getJsonNumber("up_to").longValue(), "the repeat told nobody: " + second);
      assertTrue(second.getJsonNumber("seq").longValue() > first.getJsonNumber("seq").longValue());
      b.send(Api.json("type", "delivered", "up_to", m1, "sender_id", alice.id()));

      b.send(Api.json("type", "delivered", "up_to", m2, "sender_id", 999_999_999L));
      assertEquals("not_found", b.await("error").getString("code"));
      b.send(Api.json("type", "delivered", "sender_id", alice.id()));
      assertEquals("bad_request", b.await("error").getString("code"));
      b.assertUsable();

      List<JsonObject> rest = conversation(bob, alice);
      assertEquals(deliveredAt, rest.get(0).getString("delivered_at"), "never moves");
      assertFalse(rest.get(1).isNull("delivered_at"));
      assertFalse(rest.get(0).getBoolean("is_read"), "delivered is not read");
      try (SocketClient resumed = resume(alice, before)) {
        List<JsonObject> replay = StreamClient.untilResumed(resumed);
        assertEquals(List.of(first, second), replay.subList(0, replay.size() - 1), "the same events, nothing else");
      }
      assertTrue(api.get("api/chat/events/?after=0", bob.token()).object().getJsonArray("events")
          .getValuesAs(JsonObject.class).stream().noneMatch(e -> e.getString("type").equals("messages_delivered")),
          "told to the sender only");
    }
  }

  /*
   * CONTRACT §6.2 settings: read_receipts is on by default; bob turns it off over REST (his socket
   * hears settings_updated); then neither his reading nor alice's reaches the other's stream,
   * each reader's own stream keeps the receipt, and unread counts are as ever.
   */
  @Test
  void withReadReceiptsOffNoReceiptGoesEitherWay() throws Exception {
    assertEquals(Api.json("read_receipts", true), api.get("api/chat/settings/", bob.token()).object());
    assertEquals(400, put("api/chat/settings/", bob, "{\"read_receipts\":\"no\"}").status());
    try (SocketClient b = SocketClient.connect(api, bob.token())) {
      Api.Reply off = put("api/chat/settings", bob, Api.json("read_receipts", false).toString());
      assertEquals(200, off.status(), off::toString);
      assertEquals(Api.json("read_receipts", false), off.object());
      assertEquals(Api.json("type", "settings_updated", "read_receipts", false), Api.withoutSeq(StreamClient.nextStored(b)));
    }
    assertEquals(Api.json("read_receipts", false), api.get("api/chat/settings", bob.token()).object());
    long toBob = send(alice, bob, "to bob");
    send(bob, alice, "to alice");
    long aliceBefore = seqOfNewest(alice);
    long bobBefore = seqOfNewest(bob);
    assertEquals(200, api.post("api/chat/mark-read/", bob.token(), Api.json("sender_id", alice.id())).status());
    assertEquals(200, api.post("api/chat/mark-read/", alice.token(), Api.json("sender_id", bob.id())).status());

    List<JsonObject> alices = api.get("api/chat/events/?after=" + aliceBefore, alice.token()).object()
        .getJsonArray("events").getValuesAs(JsonObject.class);
    List<JsonObject> bobs = api.get("api/chat/events/?after=" + bobBefore, bob.token()).object()
        .getJsonArray("events").getValuesAs(JsonObject.class);
    assertEquals(List.of(alice.id()), alices.stream().map(e -> e.getJsonNumber("reader_id").longValue()).toList(),
        "alice hears only of her own reading: " + alices);
    assertEquals(List.of(bob.id()), bobs.stream().map(e -> e.getJsonNumber("reader_id").longValue()).toList(),
        "bob hears only of his own reading: " + bobs);
    assertEquals(toBob, bobs.get(0).getJsonNumber("up_to").longValue());
    assertEquals(0, api.get("api/chat/unread/", bob.token()).object().getJsonNumber("total_unread").longValue());
    assertEquals(0, api.get("api/chat/unread/", alice.token()).object().getJsonNumber("total_unread").longValue());
  }

  private Api.Reply put(String path, Person who, String json) {
    return api.send(api.request(path, who.token()).header("Content-Type", "application/json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)));
  }

  private List<JsonObject> conversation(Person reader, Person other) {
    return api.get("api/chat/conversation/" + other.id() + "/", reader.token()).array().getValuesAs(JsonObject.class);
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
