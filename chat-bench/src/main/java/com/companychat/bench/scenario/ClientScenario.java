package com.companychat.bench.scenario;

import com.companychat.bench.Json;
import com.companychat.bench.provision.AdminApi;
import com.companychat.bench.provision.BenchUser;
import com.companychat.bench.server.ServerProbe;
import com.companychat.bench.socket.BenchSocket;
import com.companychat.bench.socket.Connector;
import com.companychat.protocol.ClientFrame;
import com.companychat.protocol.FrameCodec;
import com.companychat.protocol.ServerFrame;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code client}: the desktop client as an employee keeps it open, measured from outside. Starts
 * the real SWT client through its launcher ({@code bin/chat-client}, so with its JVM settings)
 * running {@code ClientProbe}, which drives the client's own widgets. Twice: a first start that
 * only shows the login window (it writes the launcher's class-data archive when there is none)
 * and the measured start, which logs in through the dialog, receives {@code --messages} (10,000)
 * from {@code --conversations} (50) colleagues at {@code --rate} a second, opens every
 * conversation once, and stays open for {@code --duration} (30 min in the run of record).
 * Reports the time to the login window (process start to the dialog drawn, as seen by the bench
 * and by the client itself) and the client process's VmRSS from /proc at each step.
 */
final class ClientScenario implements Scenario {
  private static final Duration STEP = Duration.ofMinutes(3);

  @Override
  public JsonObject run(BenchContext ctx) throws Exception {
    String base = ctx.bases().get(0);
    int conversations = ctx.options().integer("conversations", 50);
    int messages = ctx.options().integer("messages", 10_000);
    double rate = ctx.options().decimal("rate", 200);
    Duration duration = ctx.options().duration("duration", Duration.ofMinutes(30));
    List<BenchUser> users = ctx.provisioner(base).provision(ctx.tag(), conversations + 1, (conversations + 2) / 2 * 2);
    BenchUser me = users.get(0);
    ctx.progress("client: %s and %d colleagues provisioned", me.username(), conversations);

    Probe first = Probe.start(ctx, base);
    long firstLoginWindow = first.loginWindowMs;
    first.quit();

    Probe probe = Probe.start(ctx, base);
    try {
      probe.command("login " + me.username() + " " + AdminApi.PASSWORD, "connected");
      long rssLoggedIn = probe.rssKib();
      ctx.progress("client: logged in, RSS %d KiB", rssLoggedIn);

      AtomicInteger acked = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      String prefix = ctx.tag() + "-c-";
      Connector.Connected peers = ctx.connector().connect(users.subList(1, users.size()),
          i -> Connector.socketUri(URI.create(base)), (socket, frame, nanos) -> {
            if (frame instanceof ServerFrame.ChatMessage m && m.clientMsgId() != null
                && m.clientMsgId().startsWith(prefix) && m.senderId() == socket.user().id()) {
              acked.incrementAndGet();
            } else if (frame instanceof ServerFrame.Error) {
              refused.incrementAndGet();
            }
          });
      if (peers.failed() > 0) {
        throw new IllegalStateException(peers.failed() + " colleagues' sockets did not open");
      }
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait); // pacing the load, not synchronising a test
        }
        BenchSocket peer = peers.sockets().get(i % conversations);
        peer.send(FrameCodec.encode(new ClientFrame.SendMessage(me.id(),
            "Message " + i + " from " + peer.user().username() + ": the figures for the weekly report", prefix + i)));
      }
      long deadline = System.nanoTime() + STEP.toNanos();
      while (acked.get() + refused.get() < messages && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      long rssReceived = probe.rssKib();
      ctx.progress("client: %d sent, %d acknowledged, %d refused; RSS %d KiB", messages, acked.get(),
          refused.get(), rssReceived);

      String[] opened = probe.command("open-all " + acked.get(), "opened").split(" ");
      long rssOpened = probe.rssKib();
      ctx.progress("client: %s conversations opened (%s unread before); RSS %d KiB", opened[1], opened[2], rssOpened);
      for (BenchSocket peer : peers.sockets()) {
        peer.close();
      }

      long peak = Math.max(rssOpened, rssReceived);
      long until = System.nanoTime() + duration.toNanos();
      while (System.nanoTime() < until) {
        Thread.sleep(Math.min(5_000, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        peak = Math.max(peak, probe.rssKib());
      }
      long rssEnd = probe.rssKib();
      probe.quit();
      return Json.object().add("scenario", "client").add("label", ctx.options().string("label", base))
          .add("login_window_first_ms", firstLoginWindow).add("login_window_ms", probe.loginWindowMs)
          .add("conversations", conversations).add("messages_sent", messages).add("messages_acked", acked.get())
          .add("messages_refused", refused.get()).add("unread_seen", Integer.parseInt(opened[2]))
          .add("conversations_opened", Integer.parseInt(opened[1])).add("duration_s", duration.toSeconds())
          .add("rss_logged_in_mib", mib(rssLoggedIn)).add("rss_received_mib", mib(rssReceived))
          .add("rss_opened_mib", mib(rssOpened)).add("rss_peak_mib", mib(peak)).add("rss_end_mib", mib(rssEnd))
          .build();
    } finally {
      probe.process.destroy();
    }
  }

  private static double mib(long kib) {
    return Json.round(kib / 1024.0);
  }

  /** One client process: its launcher, its stdin for commands and its stdout for answers. */
  private static final class Probe {
    final Process process;
    final Writer in;
    final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    long loginWindowMs;

    private Probe(Process process) {
      this.process = process;
      this.in = process.outputWriter(StandardCharsets.UTF_8);
      Thread reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = lines.readLine()) != null; ) {
            out.add(line);
          }
        } catch (IOException e) {
          // the process ended
        }
        out.add("exited");
      }, "client-probe-out");
      reader.setDaemon(true);
      reader.start();
    }

    static Probe start(BenchContext ctx, String base) throws Exception {
      ProcessBuilder builder = new ProcessBuilder(ctx.options().string("client-launcher", "bin/chat-client"),
          "--server", base.replaceAll("/$", ""));
      builder.environment().put("CHAT_CLIENT_MAIN", "com.companychat.client.ClientProbe");
      if (ctx.options().has("client-jar")) {
        builder.environment().put("CHAT_CLIENT_JAR", Path.of(ctx.options().required("client-jar")).toAbsolutePath().toString());
      }
      if (ctx.options().has("client-cache")) {
        builder.environment().put("XDG_CACHE_HOME", Path.of(ctx.options().required("client-cache")).toAbsolutePath().toString());
      }
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
      long launched = System.nanoTime();
      Probe probe = new Probe(builder.start());
      probe.await("login-window");
      probe.loginWindowMs = (System.nanoTime() - launched) / 1_000_000;
      ctx.progress("client: login window after %d ms", probe.loginWindowMs);
      return probe;
    }

    long rssKib() {
      return new ServerProbe(List.of(process.pid())).rssKib();
    }

    /** Sends one command; answers the line that starts with {@code answer}. */
    String command(String command, String answer) throws Exception {
      in.write(command + "\n");
      in.flush();
      return await(answer);
    }

    String await(String answer) throws InterruptedException {
      while (true) {
        String line = out.poll(STEP.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null || line.equals("exited")) {
          throw new IllegalStateException("the client did not answer '" + answer + "' (" + line + ")");
        }
        if (line.startsWith(answer)) {
          return line;
        }
      }
    }

    void quit() throws Exception {
      command("quit", "bye");
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
