package com.companychat.bench.socket;

import com.companychat.protocol.ServerFrame;

/** Receives every decoded frame of a socket, on the client's small executor: it must not block. */
@FunctionalInterface
public interface FrameListener {
  FrameListener IGNORE = (socket, frame, receivedNanos) -> { };

  void onFrame(BenchSocket socket, ServerFrame frame, long receivedNanos);
}
