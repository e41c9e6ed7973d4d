package com.companychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.it.Fixture.Person;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IDOR probes (RELIABILITY-CASES 12, 13, 16): another company's ids through every REST call and
 * every socket message type must read exactly like ids that do not exist, byte for byte; a
 * company admin finds no way to message text. ChatIT and AdminIT hold one probe per call; here
 * every call meets several kinds of foreign id (employee, admin, deactivated) and raw bodies are
 * compared.
 */
class TenantIsolationIT extends DeployedWar {
  static final long UNKNOWN = 999_999_999L;
  static final long QUIET_MS = 500;

  Person alice;
  Person bob;
  Person boss;
  Person gone;
  Person mallory;
  Person mallorysColleague;
  Person mallorysBoss;
  String secret;
  long secretId;

  @BeforeEach
  void setUp() {
    long company = fixture.company();
    alice = fixture.employee(company);
    bob = fixture.employee(company);
    boss = fixture.person(company, "COMPANY_ADMIN");
    gone = fixture.employee(company);
    api.patch("api/admin/users/" + gone.id(), fixture.adminToken(), Api.json("active", false));
    long other = fixture.company();
    mallory = fixture.employee(other);
    mallorysColleague = fixture.employee(other);
    mallorysBoss = fixture.person(other, "COMPANY_ADMIN");
    secret = Fixture.unique("secret");
    JsonObject sent = api.post("api/chat/send/", alice.token(),
        Api.json("receiver_id", bob.id(), "message", secret, "client_msg_id", "shared-1")).object();
    secretId = sent.getJsonNumber("message_id").longValue();
  }

  @Test
  void everyChatCallAnswersAForeignUserIdExactlyLikeAnUnknownOne() {
    List<LongFunction<Api.Reply>> calls = List.of(
        id -> api.get("api/chat/conversation/" + id + "/", mallory.token()),
        id -> api.get("api/chat/conversation/" + id + "?before=" + (secretId + 1) + "&limit=5", mallory.token()),
        id -> api.post("api/chat/send/", mallory.token(), Api.json("receiver_id", id, "message", "hi")),
        id -> api.post("api/chat/send/", mallory.token(),
            Api.json("receiver_id", id, "message", "hi", "client_msg_id", "shared-1")),
        id -> api.post("api/chat/mark-read/", mallory.token(), Api.json("sender_id", id)));
    int probes = 0;
    for (LongFunction<Api.Reply> call : calls) {
      Api.Reply unknown = call.apply(UNKNOWN);
      assertEquals(404, unknown.status(), unknown::toString);
      assertEquals("not_found", unknown.error());
      for (long foreign : new long[] {alice.id(), boss.id(), gone.id()}) {
        assertIndistinguishable(unknown, call.apply(foreign));
        probes++;
      }
    }
    assertEquals(15, probes);
    assertEquals(1, Fixture.countMessages("receiver_id = " + bob.id()), "nothing reached company A");
    assertEquals(0, Fixture.countMessages("sender_id = " + mallory.id()), "and nothing was stored");
    assertEquals(1, api.get("api/chat/unread/", bob.token()).object().getInt("total_unread"), "nothing marked read");
  }

  @Test
  void noMessageIdOfAnotherCompanyOpensAnything() {
    fixture.send(mallory, mallorysColleague, "mine");
    for (String path : new String[] {"api/chat/messages/?after=" + (secretId - 1),
        "api/chat/messages/?after=0&limit=1000", "api/chat/conversation/" + mallorysColleague.id() + "?before=" + (secretId + 1)}) {
      Api.Reply reply = api.get(path, mallory.token());
      assertEquals(200, reply.status(), path + " " + reply);
      assertFalse(reply.raw().body().contains(secret), path);
      reply.array().getValuesAs(JsonObject.class).forEach(m -> assertNotEquals(secretId,
          m.getJsonNumber("message_id").longValue(), path));
    }
    assertFalse(api.get("api/chat/unread/", mallory.token()).raw().body().contains(Long.toString(alice.id())));
    assertFalse(api.get("api/chat/users/?q=" + alice.username(), mallory.token()).raw().body().contains(alice.username()));
  }

  @Test
  void anIdempotencyKeyNeverReturnsAnotherSendersMessage() throws Exception {
    Api.Reply rest = api.post("api/chat/send/", mallory.token(),
        Api.json("receiver_id", mallorysColleague.id(), "message", "mallory's own", "client_msg_id", "shared-1"));
    assertEquals(201, rest.status(), "a new message of her own, not alice's: " + rest);
    assertEquals("mallory's own", rest.object().getString("message"));
    try (SocketClient socket = SocketClient.connect(api, bob.token())) {
      socket.settle();
      socket.send(Api.json("type", "chat_message", "receiver_id", alice.id(), "message", "bob's own",
          "client_msg_id", "shared-1"));
      JsonObject ack = socket.await("chat_message", f -> f.getJsonNumber("sender_id").longValue() == bob.id());
      assertEquals("bob's own", ack.getString("message"), "the same company, another sender: his own message");
      assertNotEquals(secretId, ack.getJsonNumber("message_id").longValue());
    }
  }

  @Test
  void everySocketMessageTypeAnswersAForeignIdExactlyLikeAnUnknownOne() throws Exception {
    try (SocketClient attacker = SocketClient.connect(api, mallory.token());
         SocketClient a = SocketClient.connect(api, alice.token());
         SocketClient b = SocketClient.connect(api, boss.token())) {
      attacker.settle();
      a.settle();
      b.settle();
      List<LongFunction<JsonObject>> frames = List.of(
          id -> Api.json("type", "chat_message", "receiver_id", id, "message", "hi"),
          id -> Api.json("type", "chat_message", "receiver_id", id, "message", "hi", "client_msg_id", "shared-1"),
          id -> Api.json("type", "mark_read", "sender_id", id),
          id -> Api.json("type", "typing", "receiver_id", id, "is_typing", true));
      int probes = 0;
      for (LongFunction<JsonObject> frame : frames) {
        String unknown = answer(attacker, frame.apply(UNKNOWN));
        assertTrue(unknown.contains("\"code\":\"not_found\""), unknown);
        for (long foreign : new long[] {alice.id(), boss.id(), gone.id()}) {
          assertEquals(unknown, answer(attacker, frame.apply(foreign)), "frame " + frame.apply(foreign));
          probes++;
        }
      }
      assertEquals(12, probes);
      // Company A heard nothing: no message, no typing, no receipt.
      a.expectOnly(f -> f.getString("type").equals("user_status"), QUIET_MS);
      b.expectOnly(f -> f.getString("type").equals("user_status"), 0);
      assertEquals(0, Fixture.countMessages("sender_id = " + mallory.id()));
    }
  }

  @Test
  void aCompanyAdminFindsNoWayToMessageText() throws Exception {
    List<Api.Reply> replies = new ArrayList<>();
    for (Person admin : new Person[] {boss, mallorysBoss}) {
      String t = admin.token();
      long company = alice.companyId();
      replies.add(api.get("api/admin/companies/" + company + "/users", t));
      replies.add(api.get("api/admin/companies/" + company + "/users/" + alice.id(), t));
      replies.add(api.get("api/admin/companies/" + company + "/messages", t));
      replies.add(api.get("api/admin/users/" + alice.id(), t));
      replies.add(api.get("api/admin/users/" + alice.id() + "/messages", t));
      replies.add(api.get("api/admin/messages/" + secretId, t));
      replies.add(api.patch("api/admin/users/" + alice.id(), t, Api.json("display_name", "Alice A.")));
      replies.add(api.get("api/admin/companies", t));
      replies.add(api.get("api/chat/conversation/" + alice.id() + "/", t));
      replies.add(api.get("api/chat/conversation/" + bob.id() + "/?before=" + (secretId + 1), t));
      replies.add(api.get("api/chat/messages/?after=0", t));
      replies.add(api.get("api/chat/unread/", t));
      replies.add(api.get("api/chat/users/", t));
      replies.add(api.post("api/chat/mark-read/", t, Api.json("sender_id", alice.id())));
    }
    for (String path : new String[] {"api/chat/conversation/" + alice.id(), "api/chat/messages/?after=0"}) {
      replies.add(api.get(path, fixture.adminToken()));
    }
    for (Api.Reply reply : replies) {
      assertTrue(reply.status() < 500, reply::toString);
      assertFalse(reply.raw().body().contains(secret), reply::toString);
    }
    try (SocketClient watching = SocketClient.connect(api, boss.token())) {
      watching.settle();
      watching.send(Api.json("type", "mark_read", "sender_id", alice.id()));
      fixture.send(alice, bob, secret + "-live");
      watching.expectNone("chat_message", QUIET_MS);
    }
    assertEquals(2, api.get("api/chat/unread/", bob.token()).object().getInt("total_unread"),
        "an admin's mark_read never marks other people's messages read");
  }

  /** What the server answers a frame: the raw text of the next frame that is not presence. */
  private static String answer(SocketClient socket, JsonObject frame) throws Exception {
    socket.send(frame);
    JsonObject reply;
    do {
      reply = socket.next();
    } while (reply.getString("type").equals("user_status"));
    return reply.toString();
  }

  private static void assertIndistinguishable(Api.Reply unknown, Api.Reply foreign) {
    assertEquals(unknown.status(), foreign.status(), foreign::toString);
    assertEquals(unknown.raw().body(), foreign.raw().body());
    assertEquals(unknown.header("Content-Type"), foreign.header("Content-Type"));
    assertEquals(unknown.header("Content-Length"), foreign.header("Content-Length"));
  }
}
