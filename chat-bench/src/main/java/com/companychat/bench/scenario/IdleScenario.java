package com.companychat.bench.scenario;

import com.companychat.bench.BenchOptions;
import com.companychat.bench.Json;
import com.companychat.bench.provision.BenchUser;
import com.companychat.bench.server.ServerProbe;
import com.companychat.bench.socket.BenchSocket;
import com.companychat.bench.socket.Connector;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code idle}: N authenticated sockets held open. Measures the handshake rate, the server's live
 * heap and RSS per socket, and that every socket still answers a ping after the crowd arrived.
 */
final class IdleScenario implements Scenario {
  /** One client address reaches at most ~28k ports of one server address: spread wider above this. */
  private static final int SOCKETS_PER_LOOPBACK_ADDRESS = 20_000;

  /** The server's live heap and resident set at one moment, in KiB (-1: no pid given). */
  private record Footprint(long heapKib, long rssKib) {
    static Footprint of(ServerProbe probe) {
      return new Footprint(probe.liveHeapKib(), probe.rssKib());
    }
  }

  @Override
  public JsonObject run(BenchContext ctx) throws Exception {
    BenchOptions options = ctx.options();
    int sockets = options.integer("sockets", 1000);
    List<BenchUser> owners = owners(ctx, sockets, options.integer("sockets-per-user", 1));
    Footprint before = Footprint.of(ctx.probe());
    PingTracker pings = new PingTracker();
    URI uri = Connector.socketUri(URI.create(ctx.bases().get(0)));
    ctx.progress("idle: opening %d sockets", sockets);
    Connector.Connected connected = ctx.connector().connect(owners, i -> spread(uri, i, sockets), pings);
    Thread.sleep(options.duration("settle", Duration.ofSeconds(3)).toMillis());
    Footprint after = Footprint.of(ctx.probe());
    List<BenchSocket> open = connected.sockets();
    ctx.progress("idle: %d open (%d failed, %.0f/s); pinging", PairFleet.openSockets(open), connected.failed(),
        connected.perSecond());
    PingTracker.Result pinged = pings.pingAll(open, options.duration("ping-spread", Duration.ofSeconds(5)),
        Duration.ofSeconds(15));
    Thread.sleep(options.duration("hold", Duration.ofSeconds(10)).toMillis());
    long stillOpen = PairFleet.openSockets(open);
    open.stream().filter(s -> s != null).forEach(BenchSocket::close);
    return summary(sockets, owners.stream().distinct().count(), connected, before, after)
        .add("pongs", pinged.pongs()).add("ping_ms", pinged.latency().toJson())
        .add("open_after_hold", stillOpen).add("closed_by", Json.counts(BenchSocket.closedBy(open))).build();
  }

  /** Socket i belongs to user i mod U: {@code perUser} sockets each, as a user with several devices. */
  private static List<BenchUser> owners(BenchContext ctx, int sockets, int perUser) throws InterruptedException {
    int userCount = (sockets / perUser + 1) / 2 * 2;
    ctx.progress("idle: provisioning %d users for %d sockets", userCount, sockets);
    List<BenchUser> users = ctx.provisioner(ctx.bases().get(0)).provision(ctx.tag(), userCount,
        ctx.options().integer("company-size", 1000));
    List<BenchUser> owners = new ArrayList<>(sockets);
    for (int i = 0; i < sockets; i++) {
      owners.add(users.get(i % users.size()));
    }
    return owners;
  }

  private static JsonObjectBuilder summary(int sockets, long users, Connector.Connected connected,
      Footprint before, Footprint after) {
    int n = connected.sockets().size() - connected.failed();
    return Json.object().add("scenario", "idle").add("sockets", sockets).add("users", users)
        .add("connected", n).add("failed", connected.failed())
        .add("connect_s", Json.round(connected.elapsedNanos() / 1e9))
        .add("handshakes_per_s", Json.round(connected.perSecond()))
        .add("heap_before_kib", before.heapKib()).add("heap_after_kib", after.heapKib())
        .add("heap_per_socket_kb", perSocket(before.heapKib(), after.heapKib(), n))
        .add("rss_before_kib", before.rssKib()).add("rss_after_kib", after.rssKib())
        .add("rss_per_socket_kb", perSocket(before.rssKib(), after.rssKib(), n));
  }

  private static double perSocket(long before, long after, int sockets) {
    return before < 0 || after < 0 || sockets == 0 ? -1 : Json.round((after - before) / (double) sockets);
  }

  /** 127.0.0.1, .2, .3 …: every loopback address is the same server, with its own port space. */
  private static URI spread(URI uri, int i, int sockets) {
    if (sockets <= SOCKETS_PER_LOOPBACK_ADDRESS || !uri.getHost().equals("127.0.0.1")) {
      return uri;
    }
    int address = 1 + i / SOCKETS_PER_LOOPBACK_ADDRESS;
    return URI.create(uri.toString().replace("127.0.0.1", "127.0.0." + address));
  }
}
