package com.companychat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The client's address behind proxies: X-Forwarded-For counts only when a trusted peer sent it. */
class TrustedProxiesTest {
  private final TrustedProxies loopback = TrustedProxies.parse(TrustedProxies.DEFAULT);

  @Test
  void aPeerThatIsNoProxyIsTheClientWhateverItForwards() {
    assertEquals("203.0.113.7", loopback.clientAddress("203.0.113.7", "198.51.100.1"));
    assertEquals("203.0.113.7", loopback.clientAddress("203.0.113.7", null));
  }

  @Test
  void behindATrustedProxyTheAddressItAppendedIsTheClient() {
    assertEquals("198.51.100.1", loopback.clientAddress("127.0.0.1", "198.51.100.1"));
    assertEquals("2001:db8:0:0:0:0:0:1", loopback.clientAddress("0:0:0:0:0:0:0:1", "2001:db8::1"));
  }

  @Test
  void whatTheClientWroteLeftOfTheRightMostUntrustedHopIsIgnored() {
    assertEquals("198.51.100.1", loopback.clientAddress("127.0.0.1", "10.9.9.9, 1.2.3.4 ,198.51.100.1"));
  }

  @Test
  void trustedHopsAreSkippedFromTheRight() {
    TrustedProxies two = TrustedProxies.parse("127.0.0.0/8, 10.0.0.0/8");
    assertEquals("198.51.100.1", two.clientAddress("127.0.0.1", "198.51.100.1, 10.1.2.3"));
    assertEquals("10.1.2.3", loopback.clientAddress("127.0.0.1", "198.51.100.1, 10.1.2.3"));
  }

  @Test
  void aChainOfTrustedHopsEndsAtItsLeftMost() {
    assertEquals("127.0.0.2", loopback.clientAddress("127.0.0.1", "127.0.0.2"));
  }

  @Test
  void aHopThatIsNoAddressStopsTheWalkAtTheHopRightOfIt() {
    assertEquals("127.0.0.1", loopback.clientAddress("127.0.0.1", "evil.example"));
    assertEquals("127.0.0.3", loopback.clientAddress("127.0.0.1", "x".repeat(5000) + ", 127.0.0.3"));
    assertEquals("127.0.0.1", loopback.clientAddress("127.0.0.1", ""));
  }

  @Test
  void prefixesMatchBitByBit() {
    TrustedProxies narrow = TrustedProxies.parse("192.0.2.128/25");
    assertEquals("198.51.100.1", narrow.clientAddress("192.0.2.200", "198.51.100.1"));
    assertEquals("192.0.2.100", narrow.clientAddress("192.0.2.100", "198.51.100.1"));
    assertEquals("192.0.2.100", TrustedProxies.parse("").clientAddress("192.0.2.100", "198.51.100.1"));
  }

  @Test
  void aBadEntryIsRefusedAtStart() {
    assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("proxy.example"));
    assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/33"));
  }
}
