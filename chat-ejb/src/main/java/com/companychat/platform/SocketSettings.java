package com.companychat.platform;

import java.time.Duration;

/**
 * How the server keeps sockets honest: it pings every {@code ping} ({@code chat.socket.ping-seconds},
 * 25 s) and closes a socket that sends nothing, not even a pong, for {@code idleTimeout}
 * ({@code chat.socket.idle-timeout-seconds}, 75 s): half-open connections are found and their
 * users go offline. A user may hold {@code maxPerUser} open sockets on an instance
 * ({@code chat.socket.max-per-user}, 10); the next upgrade is refused with 429. A socket holds
 * at most {@code maxQueuedBytes} ({@code chat.socket.max-queued-bytes}, 1 MiB) of frames its
 * client has not confirmed, and as much again queued; a consumer that stays behind is closed with
 * 1008 (see {@code Connection}).
 */
public record SocketSettings(Duration ping, Duration idleTimeout, int maxPerUser, long maxQueuedBytes) {
  public static final int DEFAULT_MAX_PER_USER = 10;
  public static final long DEFAULT_MAX_QUEUED_BYTES = 1 << 20;
}
