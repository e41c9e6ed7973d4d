package com.companychat.messaging.control;

import static com.companychat.platform.ChatFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.companychat.platform.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a message's text and client id may be (CONTRACT §4, §5). */
class MessageTextTest {
  private static final String EMOJI = "\uD83D\uDE00"; // U+1F600, two UTF-16 chars

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "   ", "\t", "\n", " \r\n\t "})
  void anEmptyOrBlankMessageIsRefused(String text) {
    assertRefused(ErrorCode.BAD_REQUEST, () -> MessageText.validate(text));
  }

  @Test
  void fourThousandCharactersAreAccepted() {
    String text = "a".repeat(4000);
    assertSame(text, MessageText.validate(text));
  }

  @Test
  void fourThousandEmojiAreAcceptedThoughTheyAreEightThousandUtf16Chars() {
    String text = EMOJI.repeat(4000);
    assertEquals(8000, text.length());
    assertSame(text, MessageText.validate(text));
  }

  @Test
  void fourThousandAndOneCharactersAreRefused() {
    assertRefused(ErrorCode.BAD_REQUEST, () -> MessageText.validate("a".repeat(4001)));
    assertRefused(ErrorCode.BAD_REQUEST, () -> MessageText.validate(EMOJI.repeat(4001)));
    assertRefused(ErrorCode.BAD_REQUEST, () -> MessageText.validate(EMOJI.repeat(4000) + "a"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "a\u0000", "\u0000b", "a\u0000b"})
  void aNulCharacterIsRefused(String text) {
    assertRefused(ErrorCode.BAD_REQUEST, () -> MessageText.validate(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD83D", "a\uD83D", "\uD83Db", "\uDE00", "a\uDE00b", "\uDE00\uD83D",
      "\uD83D\uD83D\uDE00"})
  void anUnpairedSurrogateIsRefused(String text) {
    assertRefused(ErrorCode.BAD_REQUEST, () -> MessageText.validate(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"<script>alert('x')</script>", "a\tb", "  padded  ", "line\nbreak",
      "\u202Egnp.exe", "bell\u0007", "&amp; &lt;", "e\u0301", "\uFEFF", "'; DROP TABLE chat_message; --"})
  void htmlControlAndBidiCharactersAreAcceptedUnchanged(String text) {
    assertSame(text, MessageText.validate(text));
  }

  @Test
  void anAbsentClientMsgIdIsFine() {
    assertNull(MessageText.validateClientMsgId(null));
  }

  @Test
  void anEmptyClientMsgIdIsRefused() {
    assertRefused(ErrorCode.BAD_REQUEST, () -> MessageText.validateClientMsgId(""));
  }

  @Test
  void aClientMsgIdOfSixtyFourCharactersIsAcceptedAndSixtyFiveRefused() {
    String max = "c".repeat(64);
    assertSame(max, MessageText.validateClientMsgId(max));
    assertRefused(ErrorCode.BAD_REQUEST, () -> MessageText.validateClientMsgId(max + "c"));
  }

  @Test
  void aUuidIsAValidClientMsgId() {
    String id = "c0a80101-7f3e-4b1a-9e2d-1f0e2d3c4b5a";
    assertSame(id, MessageText.validateClientMsgId(id));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000", "a\tb", "a\nb", "\u007f", "\uD83D\uDE00"})
  void aClientMsgIdWithControlCharactersOrSurrogatesIsRefused(String id) {
    assertRefused(ErrorCode.BAD_REQUEST, () -> MessageText.validateClientMsgId(id));
  }
}
