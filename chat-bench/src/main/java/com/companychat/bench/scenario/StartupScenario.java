package com.companychat.bench.scenario;

import com.companychat.bench.Json;
import com.companychat.bench.provision.BenchUser;
import com.companychat.bench.provision.Provisioner;
import com.companychat.bench.socket.BenchSocket;
import com.companychat.bench.socket.Connector;
import com.companychat.protocol.ClientFrame;
import com.companychat.protocol.FrameCodec;
import com.companychat.protocol.ServerFrame;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code startup}: given when the server process was launched ({@code --started-at-ms}, epoch
 * ms), how long until the API answered a login, and until a message sent on a socket came back
 * as its echo. The probe's company and users are created when missing, so the first figure of a
 * fresh database includes two user creations (milliseconds).
 */
final class StartupScenario implements Scenario {

  @Override
  public JsonObject run(BenchContext ctx) throws Exception {
    long startedAt = ctx.options().longValue("started-at-ms", System.currentTimeMillis());
    String base = ctx.bases().get(0);
    Provisioner provisioner = ctx.provisioner(base);
    awaitLogin(provisioner, ctx.options().duration("timeout", Duration.ofMinutes(5)));
    long apiReady = System.currentTimeMillis() - startedAt;
    List<BenchUser> pair = provisioner.ensurePair(ctx.options().string("probe-company", "bench-probe"));
    CompletableFuture<Void> echoed = new CompletableFuture<>();
    String clientMsgId = ctx.tag() + "-probe";
    BenchSocket socket = ctx.connector().open(pair.get(0), Connector.socketUri(URI.create(base)),
        (s, frame, nanos) -> {
          if (frame instanceof ServerFrame.ChatMessage
              && clientMsgId.equals(((ServerFrame.ChatMessage) frame).clientMsgId())) {
            echoed.complete(null);
          }
        }).get(30, TimeUnit.SECONDS);
    socket.send(FrameCodec.encode(new ClientFrame.SendMessage(pair.get(1).id(), "are you up?", clientMsgId)));
    echoed.get(30, TimeUnit.SECONDS);
    long firstEcho = System.currentTimeMillis() - startedAt;
    socket.close();
    return Json.object().add("scenario", "startup").add("label", ctx.options().string("label", base))
        .add("api_ready_ms", apiReady).add("first_echo_ms", firstEcho).build();
  }

  private static void awaitLogin(Provisioner provisioner, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        provisioner.adminToken();
        return;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the server did not accept a login in " + timeout, notYet);
        }
        Thread.sleep(50);
      }
    }
  }
}
