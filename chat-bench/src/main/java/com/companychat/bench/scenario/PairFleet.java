package com.companychat.bench.scenario;

import com.companychat.bench.load.Pair;
import com.companychat.bench.provision.BenchUser;
import com.companychat.bench.socket.BenchSocket;
import com.companychat.bench.socket.Connector;
import com.companychat.bench.socket.FrameListener;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The pairs of a message load, provisioned and connected: senders on one base, receivers on another. */
final class PairFleet implements AutoCloseable {
  private final List<Pair> pairs;
  private final double handshakesPerSecond;

  private PairFleet(List<Pair> pairs, double handshakesPerSecond) {
    this.pairs = pairs;
    this.handshakesPerSecond = handshakesPerSecond;
  }

  static PairFleet open(BenchContext ctx, int pairs, String senderBase, String receiverBase)
      throws InterruptedException {
    return connect(ctx, provision(ctx, pairs, senderBase), senderBase, receiverBase);
  }

  /** The users of the pairs, in order: user 2i sends to user 2i+1. */
  static List<BenchUser> provision(BenchContext ctx, int pairs, String base) throws InterruptedException {
    int companySize = ctx.options().integer("company-size", 1000);
    ctx.progress("provisioning %d users in companies of %d", 2 * pairs, companySize);
    return ctx.provisioner(base).provision(ctx.tag(), 2 * pairs, companySize);
  }

  /** @throws IllegalStateException when a handshake fails: a load with holes measures nothing */
  static PairFleet connect(BenchContext ctx, List<BenchUser> users, String senderBase, String receiverBase)
      throws InterruptedException {
    int pairs = users.size() / 2;
    List<BenchUser> senders = new ArrayList<>();
    List<BenchUser> receivers = new ArrayList<>();
    for (int i = 0; i < users.size(); i += 2) {
      senders.add(users.get(i));
      receivers.add(users.get(i + 1));
    }
    Connector connector = ctx.connector();
    URI senderUri = Connector.socketUri(URI.create(senderBase));
    URI receiverUri = Connector.socketUri(URI.create(receiverBase));
    Connector.Connected receiving = connector.connect(receivers, i -> receiverUri, FrameListener.IGNORE);
    Connector.Connected sending = connector.connect(senders, i -> senderUri, FrameListener.IGNORE);
    if (receiving.failed() + sending.failed() > 0) {
      throw new IllegalStateException((receiving.failed() + sending.failed()) + " handshakes failed");
    }
    List<Pair> list = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      list.add(new Pair(sending.sockets().get(i), receiving.sockets().get(i)));
    }
    double rate = 2.0 * pairs / ((receiving.elapsedNanos() + sending.elapsedNanos()) / 1e9);
    ctx.progress("%d sockets open, %.0f handshakes/s", 2 * pairs, rate);
    // The server announces each arrival to the company (user_status): let that settle first.
    Thread.sleep(ctx.options().duration("settle", Duration.ofSeconds(3)).toMillis());
    return new PairFleet(list, rate);
  }

  List<Pair> pairs() {
    return pairs;
  }

  double handshakesPerSecond() {
    return handshakesPerSecond;
  }

  @Override
  public void close() {
    for (Pair pair : pairs) {
      pair.sender().close();
      pair.receiver().close();
    }
  }

  static long openSockets(List<BenchSocket> sockets) {
    return sockets.stream().filter(s -> s != null && s.isOpen()).count();
  }
}
