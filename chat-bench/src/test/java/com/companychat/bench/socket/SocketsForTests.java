package com.companychat.bench.socket;

import com.companychat.bench.provision.BenchUser;

/** A socket that was never connected: enough to be the target of a frame in a unit test. */
public final class SocketsForTests {
  private SocketsForTests() {}

  public static BenchSocket of(BenchUser user) {
    return new BenchSocket(user, FrameListener.IGNORE);
  }
}
