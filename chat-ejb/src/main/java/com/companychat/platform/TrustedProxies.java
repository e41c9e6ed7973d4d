package com.companychat.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which peers may tell us the client's address ({@code chat.http.trusted-proxies}, a comma-separated
 * CIDR list; default loopback: {@code 127.0.0.0/8,::1}). Only when the direct peer is one of them
 * is {@code X-Forwarded-For} read, from the right: each proxy appends the address it saw, so the
 * right-most hop that is not a trusted proxy is the client; whatever stands left of it was written
 * by that client and is ignored. Hops are taken only as IP literals (never resolved through DNS).
 */
public final class TrustedProxies {
  public static final String DEFAULT = "127.0.0.0/8,::1";
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final List<Cidr> ranges;

  private TrustedProxies(List<Cidr> ranges) {
    this.ranges = ranges;
  }

  /**
   * @throws IllegalArgumentException for an entry that is not {@code ADDRESS} or {@code ADDRESS/BITS}
   */
  public static TrustedProxies parse(String list) {
    List<Cidr> ranges = new ArrayList<>();
    for (String entry : list.split(",")) {
      if (!entry.isBlank()) {
        ranges.add(Cidr.parse(entry.strip()));
      }
    }
    return new TrustedProxies(List.copyOf(ranges));
  }

  /** The client's address: {@code peer} itself unless it is a trusted proxy that forwarded one. */
  public String clientAddress(String peer, String forwardedFor) {
    InetAddress direct = literal(peer);
    if (forwardedFor == null || direct == null || !trusted(direct)) {
      return peer;
    }
    String client = peer;
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      InetAddress address = literal(hop);
      if (address == null) {
        return client;
      }
      client = address.getHostAddress();
      if (!trusted(address)) {
        return client;
      }
    }
    return client;
  }

  boolean trusted(InetAddress address) {
    return ranges.stream().anyMatch(range -> range.contains(address));
  }

  /** The address of an IP literal, or null for anything else (no name is ever looked up). */
  static InetAddress literal(String text) {
    if (text == null || !(IPV4.matcher(text).matches() || text.contains(":") && IPV6.matcher(text).matches())) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private record Cidr(byte[] network, int bits) {
    static Cidr parse(String entry) {
      int slash = entry.indexOf('/');
      InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("chat.http.trusted-proxies: not an IP address or CIDR: " + entry);
      }
      int max = address.getAddress().length * 8;
      int bits = slash < 0 ? max : Integer.parseInt(entry.substring(slash + 1));
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("chat.http.trusted-proxies: bad prefix length: " + entry);
      }
      return new Cidr(address.getAddress(), bits);
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
