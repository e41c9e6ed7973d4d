package com.companychat.bench.scenario;

import com.companychat.bench.BenchOptions;
import com.companychat.bench.provision.AdminApi;
import com.companychat.bench.provision.Provisioner;
import com.companychat.bench.provision.RestClient;
import com.companychat.bench.server.CpuMeter;
import com.companychat.bench.server.ServerProbe;
import com.companychat.bench.socket.Connector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * What every scenario shares: the options, one HttpClient (one selector thread, and a small
 * executor for the sockets' callbacks, however many sockets there are), and the server probe.
 */
public final class BenchContext implements AutoCloseable {
  private final BenchOptions options;
  private final ExecutorService executor;
  private final HttpClient http;
  private final ServerProbe probe;
  private final String tag;

  public BenchContext(BenchOptions options) {
    this.options = options;
    this.executor = Executors.newFixedThreadPool(options.integer("client-threads", 2), runnable -> {
      Thread thread = new Thread(runnable, "bench-client");
      thread.setDaemon(true);
      return thread;
    });
    // HTTP/1.1 only: sockets need it, and an h2c upgrade costs the server for nothing here.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
        .connectTimeout(Duration.ofSeconds(30)).build();
    this.probe = new ServerProbe(options.list("server-pid").stream().map(Long::valueOf)
        .collect(Collectors.toList()));
    this.tag = options.string("tag", "b" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36));
  }

  public BenchOptions options() {
    return options;
  }

  public HttpClient http() {
    return http;
  }

  public ServerProbe probe() {
    return probe;
  }

  public CpuMeter cpu() {
    return new CpuMeter(probe);
  }

  /** Unique per run: it prefixes usernames, company names and client_msg_ids. */
  public String tag() {
    return tag;
  }

  /** The servers' HTTP bases; a scenario on one instance uses the first. */
  public List<String> bases() {
    List<String> bases = options.list("base");
    return bases.isEmpty() ? List.of("http://127.0.0.1:8080/") : bases;
  }

  public AdminApi api(String base) {
    return new AdminApi(new RestClient(http, base));
  }

  public Provisioner provisioner(String base) {
    return new Provisioner(api(base), options.string("admin-user", "admin"),
        options.required("admin-password"), options.integer("provision-parallel", 8));
  }

  public Connector connector() {
    return new Connector(http, options.integer("connect-parallel", 64));
  }

  /** Progress goes to stderr: stdout carries only the summary line. */
  public void progress(String format, Object... args) {
    System.err.printf("[bench %s] %s%n", tag, String.format(format, args));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
