package com.companychat.bench.load;

import com.companychat.bench.socket.BenchSocket;

/** A conversation of the load: one user sends, the other receives, each on their own socket. */
public record Pair(BenchSocket sender, BenchSocket receiver) {}
