package com.companychat.realtime.control;

import com.companychat.platform.ChatException;
import com.companychat.platform.ErrorCode;
import com.companychat.protocol.FrameCodec;
import com.companychat.protocol.ServerFrame;
import com.companychat.stream.control.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each user's stored events (CONTRACT §6.1) to their sockets on this instance in
 * {@code seq} order, each once, with nothing missed between the handshake and the first live
 * event, and none missed or doubled at the seam between a resume's replay and live delivery.
 *
 * <p>A user's seqs go up by one and commit in order: each is drawn under that user's row lock,
 * held until commit. So when seq S arrives, every smaller seq of that user is in the database
 * already. Events can arrive out of order (a local commit is heard at once, an earlier commit of
 * another instance a moment later through Redis) or not at all (Redis is at most once): when S is
 * not the successor of the last seq delivered here, the gap is read from the event log and
 * delivered first, and the late events are dropped when they come. S following the last one
 * delivered, the common case, goes out without asking the database.
 *
 * <p>Opening a socket: it is registered first (not ready: live events skip it), then, under the
 * user's lock that live delivery takes too, the log is read from its start point up to what is
 * committed now and sent to it; then it is ready. A live event that arrives meanwhile waits for
 * the lock, and is then either in what was read (seq at most the last one delivered: dropped) or
 * newer (delivered, after the replay). That holds whichever instance committed the event.
 */
@ApplicationScoped
public class DeliveryOrder {
  /**
   * At most this many missed events are replayed on a resume; more answer
   * {@code resync_required}: the socket's queue holds {@link Connection#MAX_QUEUED} frames.
   */
  static final int MAX_REPLAY = Connection.MAX_QUEUED / 2;

  @Inject
  EventLog log;

  @Inject
  SocketRegistry sockets;

  private final Map<Long, Delivered> users = new ConcurrentHashMap<>();

  /**
   * Registers a socket whose live delivery starts after {@code startSeq}, delivers what it missed
   * since, makes it ready. With {@code resume} ({@code ?since=}), the replay ends with
   * {@code resumed}; a start point that is not kept any more (or not one of this stream) gets
   * {@code resync_required} and live delivery from now. When the user has sockets here already,
   * what they have not been given yet is read too (an event may still be on its way from another
   * instance while a newer one is already read here): it goes to them in order.
   */
  public void open(Connection connection, long startSeq, boolean resume) {
    Delivered state = users.compute(connection.userId(), (user, existing) -> {
      sockets.add(connection);
      return existing == null ? new Delivered(connection.companyId(), startSeq) : existing;
    });
    synchronized (state) {
      long start = startSeq;
      if (resume && !replayable(connection.userId(), startSeq)) {
        connection.send(FrameCodec.encode(new ServerFrame.ResyncRequired()));
        start = log.lastSeq(connection.userId());
      }
      if (readySockets(connection.companyId(), connection.userId()).isEmpty()) {
        // No socket here is owed anything: this one's start is the truth (a since may be far off).
        state.last = start;
      }
      long from = Math.min(start, state.last);
      for (JsonObject event : committedAfter(connection.userId(), from)) {
        long seq = event.getJsonNumber("seq").longValue();
        String frame = event.toString();
        if (seq > state.last) {
          readySockets(connection.companyId(), connection.userId()).forEach(c -> c.send(frame));
          state.last = seq;
        }
        if (seq > start) {
          connection.send(frame);
        }
      }
      if (resume) {
        connection.send(FrameCodec.encode(new ServerFrame.Resumed(Math.max(start, state.last))));
      }
      connection.markReady();
    }
  }

  /** Whether the events after {@code since} are all kept and few enough to replay. */
  private boolean replayable(long userId, long since) {
    long newest = log.lastSeq(userId);
    if (since > newest || newest - since > MAX_REPLAY) {
      return false;
    }
    try {
      log.after(userId, since, 1);
      return true;
    } catch (ChatException e) {
      if (e.code() == ErrorCode.GONE) {
        return false;
      }
      throw e;
    }
  }

  /** Unregisters a socket; the user's state goes with their last socket here. */
  public void close(Connection connection) {
    users.computeIfPresent(connection.userId(), (user, state) -> {
      sockets.remove(connection);
      return sockets.ofUser(user).isEmpty() ? null : state;
    });
  }

  /**
   * Delivers the event {@code frame} (already carrying its seq) to the user's ready sockets but
   * {@code exceptSocket}, preceded by any event it overtook. {@code seq} is its place in the
   * user's stream, negative when not known (then the log is read).
   *
   * @return whether it went to a socket now (false: delivered already, or no socket here)
   */
  public boolean deliver(long companyId, long userId, long seq, String frame, String exceptSocket) {
    Delivered state = users.get(userId);
    if (state == null || state.companyId != companyId) {
      return false; // defence in depth: an event claiming another company moves nothing here
    }
    synchronized (state) {
      if (seq >= 0 && seq <= state.last) {
        return false;
      }
      if (seq < 0 || seq > state.last + 1) {
        catchUp(companyId, userId, state);
        return false;
      }
      List<Connection> ready = readySockets(companyId, userId);
      ready.stream().filter(c -> !c.id().equals(exceptSocket)).forEach(c -> c.send(frame));
      state.last = seq;
      return !ready.isEmpty();
    }
  }

  /**
   * Delivers to the user's sockets here whatever was committed for them and not delivered yet:
   * for when events may have been lost on their way between instances.
   */
  public void catchUp(long companyId, long userId) {
    Delivered state = users.get(userId);
    if (state == null || state.companyId != companyId) {
      return;
    }
    synchronized (state) {
      catchUp(companyId, userId, state);
    }
  }

  private void catchUp(long companyId, long userId, Delivered state) {
    for (JsonObject event : committedAfter(userId, state.last)) {
      String frame = event.toString();
      readySockets(companyId, userId).forEach(c -> c.send(frame));
      state.last = event.getJsonNumber("seq").longValue();
    }
  }

  /* Defence in depth: a socket hears only of its own company's events, whatever the event claims. */
  private List<Connection> readySockets(long companyId, long userId) {
    return sockets.ofUser(userId).stream().filter(c -> c.isReady() && c.companyId() == companyId).toList();
  }

  /** Every event of the user after a seq, oldest first, page by page. */
  private List<JsonObject> committedAfter(long userId, long afterSeq) {
    List<JsonObject> all = new java.util.ArrayList<>();
    long from = afterSeq;
    while (true) {
      EventLog.Page page = log.after(userId, from, EventLog.MAX_PAGE);
      all.addAll(page.events());
      if (!page.more()) {
        return all;
      }
      from = page.lastSeq();
    }
  }

  /** The newest seq of one user (of one company) delivered to their ready sockets here. */
  private static final class Delivered {
    private final long companyId;
    private long last;

    Delivered(long companyId, long start) {
      this.companyId = companyId;
      this.last = start;
    }
  }
}
