package com.companychat.bench.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Fills chat_message with N old, read messages spread over the given conversations, in one
 * {@code INSERT … SELECT generate_series} (minutes for 10M rows, not hours over the API).
 *
 * <p>Ids: the server draws message ids from {@code chat_message_seq}. The seeder takes one value
 * with {@code nextval}, moves the sequence N past it with {@code setval}, and uses the ids in
 * between, so whatever the server draws later (one at a time or in pooled blocks) is higher and
 * never collides. The server must not be sending while the seeder runs, and the conversations'
 * users must open their sockets only afterwards (a socket's live delivery starts at the newest id
 * its handshake saw; higher seeded ids would be pushed to it as missed messages). Seeded times lie in the
 * past and grow with the id, as the contract's "ids grow with time" requires.
 */
public final class HistorySeeder {
  /* Conversation k = 1 + g % n; its direction flips every round, so both users have sent. */
  private static final String INSERT = """
      INSERT INTO chat_message (id, company_id, sender_id, receiver_id, user_low, user_high, text,
                                created_at, read_at, client_msg_id)
      SELECT ? + r.g - 1, r.company, r.sender, r.receiver, LEAST(r.sender, r.receiver),
             GREATEST(r.sender, r.receiver), 'Seeded history message number ' || r.g, r.at, r.at, NULL
      FROM (SELECT g, s.c[k] AS company,
                   CASE WHEN (g / s.n) % 2 = 0 THEN s.a[k] ELSE s.b[k] END AS sender,
                   CASE WHEN (g / s.n) % 2 = 0 THEN s.b[k] ELSE s.a[k] END AS receiver,
                   now() - interval '1 day' - interval '1 millisecond' * (? - g) AS at
            FROM (SELECT ?::bigint[] AS a, ?::bigint[] AS b, ?::bigint[] AS c, ?::int AS n) s,
                 generate_series(1, ?::bigint) g,
                 LATERAL (SELECT (1 + g % s.n)::int AS k) pick) r
      """;

  private final String url;
  private final String user;
  private final String password;

  public HistorySeeder(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** The ids the seeder used: {@code [first, first + count)}. */
  public record Seeded(long first, long count) {}

  /** One conversation to fill: two users of one company. */
  public record Conversation(long companyId, long userA, long userB) {}

  public Seeded seed(List<Conversation> conversations, long count) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      long first = reserveIds(connection, count);
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        insert.setLong(1, first);
        insert.setLong(2, count);
        insert.setArray(3, connection.createArrayOf("bigint", column(conversations, Conversation::userA)));
        insert.setArray(4, connection.createArrayOf("bigint", column(conversations, Conversation::userB)));
        insert.setArray(5, connection.createArrayOf("bigint", column(conversations, Conversation::companyId)));
        insert.setInt(6, conversations.size());
        insert.setLong(7, count);
        insert.executeUpdate();
      }
      try (Statement analyze = connection.createStatement()) {
        analyze.execute("ANALYZE chat_message");
      }
      return new Seeded(first, count);
    }
  }

  private static Long[] column(List<Conversation> conversations, ToLongFunction<Conversation> field) {
    return conversations.stream().map(c -> field.applyAsLong(c)).toArray(Long[]::new);
  }

  private static long reserveIds(Connection connection, long count) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet next = statement.executeQuery("SELECT nextval('chat_message_seq')")) {
      next.next();
      long first = next.getLong(1);
      statement.execute("SELECT setval('chat_message_seq', " + (first + count) + ")");
      return first;
    }
  }
}
