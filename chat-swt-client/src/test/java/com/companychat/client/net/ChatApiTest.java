package com.companychat.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the client puts on the wire for the calls where it matters. */
class ChatApiTest {
  static final String SESSION = "{\"access_token\":\"new-access\",\"expires_in\":900,\"refresh_token\":\"r2\","
      + "\"user\":{\"id\":2,\"username\":\"alice\",\"display_name\":\"Alice\"}}";

  HttpServer server;
  final Map<String, String> authorizationByPath = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      authorizationByPath.put(path, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      String answer = path.startsWith("/booting/") ? "<html>Not Found</html>"
          : path.startsWith("/app/") ? "{\"error\":\"not_found\",\"message\":\"No such user\"}" : SESSION;
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer == SESSION ? 200 : 404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /*
   * The server answers 401 to any request carrying an expired access token, even a refresh: a
   * client back from a long outage could never get a new token if it sent the old one along.
   */
  @Test
  void refreshAndLoginDoNotSendTheAccessToken() throws Exception {
    ChatApi api = new ChatApi(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    api.useToken("expired-access");

    assertEquals("new-access", api.refresh("r1").accessToken());
    api.login("alice", "pw");
    api.markRead(3);

    assertEquals("null", authorizationByPath.get("/api/auth/refresh"));
    assertEquals("null", authorizationByPath.get("/api/auth/login"));
    assertEquals("Bearer expired-access", authorizationByPath.get("/api/chat/mark-read/"), "other calls do");
  }

  /** A server restarting answers 404 before the application is deployed: a send then waits, it is not refused. */
  @Test
  void aNotFoundWithoutTheContractsErrorBodyIsRetried_oneWithItIsNot() throws Exception {
    int port = server.getAddress().getPort();
    ChatApi booting = new ChatApi(URI.create("http://127.0.0.1:" + port + "/booting/"));
    ChatApi app = new ChatApi(URI.create("http://127.0.0.1:" + port + "/app/"));
    ApiException notYet = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, () -> booting.send(3, "hi", "c1"));
    ApiException refused = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, () -> app.send(3, "hi", "c2"));
    assertEquals(404, notYet.status());
    org.junit.jupiter.api.Assertions.assertTrue(notYet.isRetriable());
    assertEquals("not_found", refused.code());
    org.junit.jupiter.api.Assertions.assertFalse(refused.isRetriable());
  }
}
