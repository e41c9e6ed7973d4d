package com.companychat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The socket's frames, both directions, read strictly. */
class FrameCodecTest {

  @Test
  void clientFramesOfTheContractDecode() {
    assertEquals(new ClientFrame.SendMessage(123, "Hello!", "c0a8"), FrameCodec.decodeClient(
        "{\"type\":\"chat_message\",\"receiver_id\":123,\"message\":\"Hello!\",\"client_msg_id\":\"c0a8\"}"));
    assertEquals(new ClientFrame.SendMessage(123, "Hello!", null),
        FrameCodec.decodeClient("{\"type\":\"chat_message\",\"receiver_id\":123,\"message\":\"Hello!\"}"));
    assertEquals(new ClientFrame.MarkRead(123), FrameCodec.decodeClient("{\"type\":\"mark_read\",\"sender_id\":123}"));
    assertEquals(new ClientFrame.Typing(123, true),
        FrameCodec.decodeClient("{\"type\":\"typing\",\"receiver_id\":123,\"is_typing\":true}"));
    assertEquals(new ClientFrame.Ping(), FrameCodec.decodeClient("{\"type\":\"ping\"}"));
    assertEquals(new ClientFrame.Delivered(456, 123),
        FrameCodec.decodeClient("{\"type\":\"delivered\",\"up_to\":456,\"sender_id\":123}"));
    assertEquals(new ClientFrame.Auth("a.b.c"), FrameCodec.decodeClient("{\"type\":\"auth\",\"token\":\"a.b.c\"}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[]", "42", "null", "{\"type\":7}", "{\"type\":\"dance\"}",
      "{\"type\":\"chat_message\",\"receiver_id\":\"1\",\"message\":\"x\"}",
      "{\"type\":\"chat_message\",\"receiver_id\":1.5,\"message\":\"x\"}",
      "{\"type\":\"chat_message\",\"receiver_id\":1e30,\"message\":\"x\"}",
      "{\"type\":\"chat_message\",\"receiver_id\":1}",
      "{\"type\":\"typing\",\"receiver_id\":1,\"is_typing\":\"yes\"}",
      "{\"type\":\"mark_read\",\"sender_id\":null}",
      "{\"type\":\"delivered\",\"sender_id\":1}", "{\"type\":\"delivered\",\"up_to\":\"9\",\"sender_id\":1}",
      "{\"type\":\"chat_message\",\"receiver_id\":1,\"message\":\"x\",\"client_msg_id\":7}"})
  void anythingElseIsABadRequest(String text) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decodeClient(text));
    assertEquals("bad_request", e.code());
  }

  @Test
  void whatTheParserRefusesWithBareRuntimeExceptionsOrLetsTrailIsABadRequestToo() {
    for (String text : new String[] {"[".repeat(5_000), "{\"a\":".repeat(2_000), "{\"type\":\"ping\"} x",
        "{\"type\":\"ping\"}{\"type\":\"ping\"}",
        "{\"type\":\"chat_message\",\"receiver_id\":" + "9".repeat(2_000) + ",\"message\":\"x\"}"}) {
      ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decodeClient(text));
      assertEquals("bad_request", e.code());
    }
  }

  @Test
  void anErrorNamesTheClientMsgIdOfTheFrameItRefuses() {
    ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decodeClient(
        "{\"type\":\"chat_message\",\"message\":\"x\",\"client_msg_id\":\"m-9\"}"));
    assertEquals("m-9", e.clientMsgId());
    assertNull(assertThrows(ProtocolException.class,
        () -> FrameCodec.decodeClient("{\"type\":\"shout\",\"client_msg_id\":5}")).clientMsgId());
  }

  @Test
  void serverFramesRoundTrip() {
    List<ServerFrame> frames = List.of(
        new ServerFrame.ChatMessage(456, 123, "john", 789, "Hello! <b>", Instant.parse("2024-01-20T10:30:00Z"), false, "c0a8"),
        new ServerFrame.ChatMessage(456, 123, "john", 789, "Hello!", Instant.parse("2024-01-20T10:30:00.123Z"), true, null),
        new ServerFrame.UserStatus(123, "john", true),
        new ServerFrame.MessagesRead(789, 123),
        new ServerFrame.ChatMessage(456, 123, "john", 789, "Hi", Instant.EPOCH, false, null, Instant.parse("2024-01-20T10:30:01Z")),
        new ServerFrame.MessagesDelivered(789, 123, 456),
        new ServerFrame.MessagesRead(789, 123, 456L),
        new ServerFrame.SettingsUpdated(false),
        new ServerFrame.TypingIndicator(123, "john", 789, false),
        new ServerFrame.Pong(),
        new ServerFrame.Error("rate_limited", "slow down", "c1"),
        new ServerFrame.Error("bad_request", "malformed JSON", null));
    for (ServerFrame frame : frames) {
      assertEquals(frame, FrameCodec.decodeServer(FrameCodec.encode(frame)));
    }
  }

  @Test
  void theChatMessageEventHasTheContractsFieldsAndNames() {
    String json = FrameCodec.encode(new ServerFrame.ChatMessage(456, 123, "john", 789, "Hello!",
        Instant.parse("2024-01-20T10:30:00Z"), false, null));
    assertEquals("{\"type\":\"chat_message\",\"message_id\":456,\"sender_id\":123,\"sender_username\":\"john\","
        + "\"receiver_id\":789,\"message\":\"Hello!\",\"created_at\":\"2024-01-20T10:30:00Z\",\"is_read\":false,"
        + "\"client_msg_id\":null,\"delivered_at\":null}", json);
  }

  @Test
  void clientFramesRoundTrip() {
    List<ClientFrame> frames = List.of(new ClientFrame.SendMessage(1, "x", "c"), new ClientFrame.SendMessage(1, "x", null),
        new ClientFrame.MarkRead(2), new ClientFrame.Typing(3, false), new ClientFrame.Ping(),
        new ClientFrame.Auth("a.b.c"), new ClientFrame.Delivered(9, 2));
    for (ClientFrame frame : frames) {
      assertEquals(frame, FrameCodec.decodeClient(FrameCodec.encode(frame)));
    }
  }
}
