package com.companychat.client.ui;

import com.companychat.client.model.Backoff;
import com.companychat.client.model.ClientSettings;
import com.companychat.client.model.ConnectionStatus;
import com.companychat.client.model.Message;
import com.companychat.client.model.Outbox;
import com.companychat.client.net.ApiException;
import com.companychat.client.net.ChatApi;
import com.companychat.client.net.ChatManager;
import com.companychat.protocol.ServerFrame;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/**
 * Joins the page to the network: what the connection reports reaches the page on the display
 * thread (checked for disposal before and inside every {@code asyncExec}); what the page asks
 * for runs in the background.
 */
public final class ChatController implements ChatManager.Listener, ChatPage.Actions, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ChatController.class.getName());

  private final Display display;
  private final Shell shell;
  private final ChatApi api;
  private final ChatPage page;
  private final ChatManager manager;
  private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "chat-client");
    t.setDaemon(true);
    return t;
  });
  private final TrayIcon tray;
  private final Notifier notifier;
  private volatile ClientSettings settings = new ClientSettings(null);
  private final long me;
  private final java.util.Set<Long> historyLoaded = new java.util.HashSet<>();
  private final java.util.Queue<ServerFrame.ChatMessage> arriving = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();

  public ChatController(Shell shell, Theme theme, ChatApi api, long me, Outbox outbox) {
    this.display = shell.getDisplay();
    this.shell = shell;
    this.api = api;
    this.me = me;
    this.page = new ChatPage(shell, theme, me, this);
    // -1: no message seen yet; history is read per conversation, catch-up covers gaps from here on.
    this.manager = new ChatManager(api, outbox, this, new Backoff(new SecureRandom()), background, me, -1);
    this.tray = new TrayIcon(shell, theme);
    this.notifier = new Notifier(shell, theme, () -> settings, page::open);
    page.onUnread(tray::unread);
    outbox.pending().forEach(e -> page.pending(new Message(0, me, e.receiverId(), e.text(), e.writtenAt(), false,
        e.clientMsgId(), Message.Delivery.SENDING, null)));
  }

  /** When the server refuses the access token. */
  public void onUnauthorized(Runnable action) {
    manager.onUnauthorized(action);
  }

  /** The connection: told of each renewed access token (CONTRACT §6.7). */
  public ChatManager connection() {
    return manager;
  }

  public void start() {
    reloadContacts();
    readLatest();
    manager.start();
  }

  public ChatPage page() {
    return page;
  }

  /** The user's notification settings (text shown, sound). */
  public void settings(ClientSettings chosen) {
    this.settings = chosen;
  }

  /** The notification on screen, if any (tests, screenshots). */
  public Shell notification() {
    return notifier.popup();
  }

  @Override
  public void close() {
    manager.close();
    background.shutdownNow();
    tray.dispose();
    notifier.dismiss();
  }

  // ---- what the page asks for

  @Override
  public Message send(long peer, String text) {
    Outbox.Entry entry = manager.send(peer, text);
    return new Message(0, me, peer, text, entry.writtenAt(), false, entry.clientMsgId(), Message.Delivery.SENDING, null);
  }

  /** History is read once per conversation; later messages arrive over the connection. */
  @Override
  public void opened(long peer) {
    if (historyLoaded.add(peer)) {
      inBackground(() -> api.conversation(peer, 0, 50), this::showAll);
    }
  }

  @Override
  public void retry(Message message) {
    manager.resend(new Outbox.Entry(message.clientMsgId(), message.receiverId(), message.text(), message.createdAt()));
  }

  @Override
  public void markRead(long peer) {
    manager.markRead(peer);
  }

  @Override
  public void typing(long peer, boolean isTyping) {
    manager.typing(peer, isTyping);
  }

  @Override
  public void loadOlder(long peer, long before) {
    inBackground(() -> api.conversation(peer, before, 50), this::showAll);
  }

  // ---- what the connection reports (background threads)

  /**
   * Messages arriving faster than the display thread draws them are taken together: what came
   * in meanwhile is added in one batch (the list and the view redrawn once) and notified once,
   * with the newest. One at a time, each is shown as it comes.
   */
  @Override
  public void message(ServerFrame.ChatMessage m) {
    arriving.add(m);
    if (drainScheduled.compareAndSet(false, true)) {
      ui(this::showArrivals);
    }
  }

  private void showArrivals() {
    drainScheduled.set(false);
    List<ServerFrame.ChatMessage> burst = new java.util.ArrayList<>();
    for (ServerFrame.ChatMessage m; (m = arriving.poll()) != null; ) {
      burst.add(m);
    }
    ServerFrame.ChatMessage[] notify = new ServerFrame.ChatMessage[1];
    Consumer<ServerFrame.ChatMessage> add = m -> {
      boolean fresh = page.message(m.messageId(), m.senderId(), m.receiverId(), m.message(), m.createdAt(),
          m.isRead(), m.clientMsgId());
      if (fresh && m.senderId() != me) {
        notify[0] = m;
      }
    };
    if (burst.size() == 1) {
      add.accept(burst.get(0));
    } else if (!burst.isEmpty()) {
      page.arrivals(() -> burst.forEach(add));
    }
    if (notify[0] != null && !ReadMarker.looking(shell)) {
      notifier.show(page.displayName(notify[0].senderId()), notify[0].message(), notify[0].senderId());
    }
  }

  @Override
  public void userStatus(ServerFrame.UserStatus status) {
    ui(() -> page.presence(status.userId(), status.isOnline()));
  }

  @Override
  public void messagesRead(ServerFrame.MessagesRead read) {
    ui(() -> {
      if (read.readerId() == me) {
        reloadContacts();
      } else {
        page.readByPeer(read.readerId());
      }
    });
  }

  @Override
  public void typing(ServerFrame.TypingIndicator typing) {
    ui(() -> page.theyTyped(typing.senderId(), typing.isTyping()));
  }

  @Override
  public void status(ConnectionStatus status) {
    ui(() -> page.setConnection(status));
  }

  @Override
  public void refused(String clientMsgId, String reason) {
    ui(() -> page.refused(clientMsgId, reason));
  }

  /** After a gap: badges and presence from the server, and the open conversation afresh. */
  @Override
  public void resynced() {
    reloadContacts();
    ui(() -> page.openPeer().ifPresent(peer -> inBackground(() -> api.conversation(peer, 0, 50), this::showAll)));
  }

  private void reloadContacts() {
    inBackground(api::users, page::setContacts);
  }

  /**
   * The list's order and previews at login: the newest message with each colleague, one small
   * page each, one after another in the background (the users list carries no latest message).
   */
  private void readLatest() {
    inBackground(api::users, contacts -> contacts.forEach(c -> inBackground(() -> api.conversation(c.id(), 0, 1),
        newest -> newest.forEach(m -> page.latest(m.messageId(), m.senderId(), m.receiverId(), m.message(),
            m.createdAt(), m.isRead(), m.clientMsgId())))));
  }

  private void showAll(List<ServerFrame.ChatMessage> messages) {
    messages.stream().mapToLong(ServerFrame.ChatMessage::messageId).max().ifPresent(manager::observed);
    page.batch(() -> messages.forEach(m -> page.message(m.messageId(), m.senderId(), m.receiverId(), m.message(),
        m.createdAt(), m.isRead(), m.clientMsgId())));
  }

  private interface Call<T> {
    T run() throws ApiException;
  }

  private <T> void inBackground(Call<T> call, Consumer<T> onUi) {
    background.execute(() -> {
      try {
        T result = call.run();
        ui(() -> onUi.accept(result));
      } catch (ApiException e) {
        LOG.log(Level.FINE, "request failed; the connection retries", e);
      }
    });
  }

  private void ui(Runnable runnable) {
    if (display.isDisposed()) {
      return;
    }
    display.asyncExec(() -> {
      if (!shell.isDisposed()) {
        runnable.run();
      }
    });
  }
}
