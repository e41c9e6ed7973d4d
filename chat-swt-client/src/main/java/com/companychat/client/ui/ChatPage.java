package com.companychat.client.ui;

import com.companychat.client.model.ConnectionStatus;
import com.companychat.client.model.Contact;
import com.companychat.client.model.Contacts;
import com.companychat.client.model.Conversation;
import com.companychat.client.model.Message;
import com.companychat.client.model.Moments;
import com.companychat.client.model.TypingTimer;
import com.companychat.client.model.Timeline;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * The main window's content: employees on the left (search, presence, badges), the open
 * conversation on the right (bubbles, typing, input), the connection status at the bottom.
 * Every method runs on the display thread; what it needs done elsewhere goes to {@link Actions}.
 */
public final class ChatPage {

  /** What the page asks of the application. */
  public interface Actions {
    /** Queues a message; returns it as a pending bubble. */
    Message send(long peer, String text);

    /** The conversation is shown: its history is wanted (the first time). */
    void opened(long peer);

    /** The conversation was looked at: everything from {@code peer} is read. */
    void markRead(long peer);

    void typing(long peer, boolean isTyping);

    void loadOlder(long peer, long before);

    /** One of mine that was given up ("failed — retry") is sent again. */
    void retry(Message message);
  }

  private final Shell shell;
  private final Theme theme;
  private final long me;
  private final Actions actions;
  private final Contacts contacts = new Contacts();
  private final Map<Long, Conversation> conversations = new HashMap<>();
  private final TypingTimer typing = new TypingTimer();
  private final Text search;
  private final Table users;
  private final Label peerName;
  private final ScrolledComposite scroller;
  private final Composite bubbles;
  private final Label typingLabel;
  private final Text input;
  private final Button send;
  private final Label status;
  /** Green while the connection is good, amber when slow, red when there is none. */
  private final Label statusDot;
  private final ReadMarker reads;
  private java.util.function.IntConsumer onUnread = count -> { };
  private Conversation open;
  private boolean batch;
  private final Keys keys = new Keys();
  private boolean restoringDraft;
  /** The first message that was unread when the conversation was opened: where "New messages" goes. */
  private long dividerBefore;
  /** How many from the peer the server counted unread when the conversation was opened. */
  private int unreadAtOpen;

  public ChatPage(Shell shell, Theme theme, long me, Actions actions) {
    this.shell = shell;
    this.theme = theme;
    this.me = me;
    this.actions = actions;
    this.reads = new ReadMarker(shell.getDisplay(), this::isLookingAt, peer -> {
      conversation(peer).readByMe();
      actions.markRead(peer);
    });
    shell.addListener(SWT.Activate, e -> attentionBack());
    shell.addListener(SWT.Deiconify, e -> attentionBack());
    shell.setLayout(new GridLayout(1, false));
    SashForm sash = new SashForm(shell, SWT.HORIZONTAL);
    sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

    Composite left = new Composite(sash, SWT.NONE);
    left.setLayout(new GridLayout(1, false));
    search = new Text(left, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
    search.setMessage("Search people");
    search.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
    search.addModifyListener(e -> refreshUsers());
    users = new Table(left, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL);
    users.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
    users.addListener(SWT.MeasureItem, UserListItem::measure);
    users.addListener(SWT.EraseItem, e -> e.detail &= ~SWT.FOREGROUND);
    users.addListener(SWT.PaintItem, e -> UserListItem.paint(e, (Contact) e.item.getData(), theme,
        users.getClientArea().width));
    users.addListener(SWT.Selection, e -> openSelected());

    Composite right = new Composite(sash, SWT.NONE);
    right.setLayout(new GridLayout(2, false));
    peerName = new Label(right, SWT.NONE);
    peerName.setFont(theme.bold);
    peerName.setText("Pick a colleague to start chatting");
    peerName.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
    scroller = new ScrolledComposite(right, SWT.V_SCROLL | SWT.BORDER);
    scroller.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
    scroller.setExpandHorizontal(true);
    scroller.setExpandVertical(true);
    bubbles = new Composite(scroller, SWT.NONE);
    bubbles.setLayout(new GridLayout(1, false));
    scroller.setContent(bubbles);
    scroller.addListener(SWT.Resize, e -> relayout(false));
    scroller.getVerticalBar().addListener(SWT.Selection, e -> maybeLoadOlder());
    typingLabel = new Label(right, SWT.NONE);
    typingLabel.setFont(theme.small);
    typingLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
    input = new Text(right, SWT.MULTI | SWT.WRAP | SWT.BORDER | SWT.V_SCROLL);
    GridData inputData = new GridData(SWT.FILL, SWT.FILL, true, false);
    inputData.heightHint = input.getLineHeight() * 3;
    input.setLayoutData(inputData);
    input.setMessage("Write a message — Enter sends, Shift+Enter starts a new line");
    input.addListener(SWT.KeyDown, e -> {
      if ((e.keyCode == SWT.CR || e.keyCode == SWT.KEYPAD_CR) && (e.stateMask & SWT.SHIFT) == 0) {
        e.doit = false;
        send();
      }
    });
    input.addListener(SWT.Modify, e -> keystroke());
    send = new Button(right, SWT.PUSH);
    send.setText("Send");
    send.setLayoutData(new GridData(SWT.FILL, SWT.FILL, false, false));
    send.addListener(SWT.Selection, e -> send());
    sash.setWeights(30, 70);
    keys.install(shell, search, users, this::openSelected);
    search.setToolTipText("Search people (Ctrl+K); Enter opens the first, Esc clears");
    users.setToolTipText("Colleagues");
    input.setToolTipText("Message; Enter sends, Shift+Enter starts a new line");

    left.setTabList(new Control[] {search, users});
    right.setTabList(new Control[] {input, send, scroller});
    sash.setTabList(new Control[] {left, right});
    // Tab leaves the message field (a chat message has no tabs); Ctrl+Tab as well, as SWT has it
    input.addListener(SWT.Traverse, e -> {
      if (e.detail == SWT.TRAVERSE_TAB_NEXT || e.detail == SWT.TRAVERSE_TAB_PREVIOUS) {
        e.doit = true;
      }
    });
    AccessibleNames.name(search, () -> "Search people");
    AccessibleNames.name(users, () -> "Colleagues", this::describeRow);
    AccessibleNames.name(input, () -> open == null ? "Message" : "Message to " + displayName(open.peer()));
    AccessibleNames.name(send, () -> "Send");
    AccessibleNames.name(scroller, () -> open == null ? "No conversation open"
        : "Conversation with " + displayName(open.peer()) + ", " + open.messages().size() + " messages");

    Composite statusLine = new Composite(shell, SWT.NONE);
    statusLine.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
    GridLayout statusLayout = new GridLayout(2, false);
    statusLayout.marginHeight = 0;
    statusLayout.marginWidth = 0;
    statusLine.setLayout(statusLayout);
    statusDot = new Label(statusLine, SWT.NONE);
    statusDot.setText("●");
    status = new Label(statusLine, SWT.NONE);
    status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
    enableInput(false);
    theme.apply(shell);
    setConnection(ConnectionStatus.CONNECTING);
    tick();
  }

  public void setContacts(List<Contact> fresh) {
    contacts.replaceAll(fresh);
    if (open != null && isLookingAt(open.peer())) {
      contacts.clearUnread(open.peer());
    }
    refreshUsers();
  }

  /** A stored message arrived (socket, REST answer, catch-up or history). @return whether it is new */
  public boolean message(long id, long senderId, long receiverId, String text, Instant at, boolean read,
      String clientMsgId) {
    long peer = senderId == me ? receiverId : senderId;
    Message m = Message.stored(id, senderId, receiverId, text, at, read, clientMsgId);
    boolean fresh = conversation(peer).add(m);
    if (senderId != me) {
      typing.theySent(peer);
    }
    if (!fresh) {
      return false;
    }
    boolean seen = isLookingAt(peer);
    contacts.messageWith(peer, new Contact.Latest(id, text, at, senderId == me), senderId != me && !seen && !read);
    if (seen && senderId != me && !read) {
      reads.request(peer);
    }
    if (open == null || open.peer() != peer) {
      conversation(peer).keepNewest(Conversation.PAGE);
    } else if (!batch && isAtBottom()) {
      open.keepNewest(Conversation.MAX_HELD); // reading the newest: older pages go, re-fetched on scroll-up
    }
    if (!batch) {
      if (open != null && open.peer() == peer) {
        showConversation(senderId == me);
      }
      refreshUsers();
    }
    return true;
  }

  /**
   * The newest message with a colleague, read at login for the list's order and preview: held
   * in the conversation, counted as unread by the server's count only (not once more here).
   */
  public void latest(long id, long senderId, long receiverId, String text, Instant at, boolean read,
      String clientMsgId) {
    long peer = senderId == me ? receiverId : senderId;
    conversation(peer).add(Message.stored(id, senderId, receiverId, text, at, read, clientMsgId));
    contacts.messageWith(peer, new Contact.Latest(id, text, at, senderId == me), false);
    refreshUsers();
  }

  /** Many messages at once (a history page, a catch-up): the view is redrawn once, after them. */
  public void batch(Runnable adds) {
    addAll(adds, false);
  }

  /**
   * New messages that arrived together: added as one batch, and the open conversation, when
   * read at its newest, bounded as for one arrival (a history page is not: it was asked for).
   */
  public void arrivals(Runnable adds) {
    addAll(adds, true);
  }

  private void addAll(Runnable adds, boolean bound) {
    batch = true;
    try {
      adds.run();
    } finally {
      batch = false;
    }
    if (bound && open != null && isAtBottom()) {
      open.keepNewest(Conversation.MAX_HELD);
    }
    showConversation(false);
    refreshUsers();
  }

  /** One of mine from the outbox, still waiting to be sent (after a restart). */
  public void pending(Message message) {
    conversation(message.receiverId()).addPending(message);
  }

  public void presence(long userId, boolean online) {
    contacts.setOnline(userId, online, Instant.now());
    if (!online) {
      typing.theyTyped(userId, false, Instant.now());
    }
    refreshUsers();
    updateHeader();
  }

  public void readByPeer(long readerId) {
    conversation(readerId).readByPeer();
    if (open != null && open.peer() == readerId) {
      showConversation(false);
    }
  }

  public void theyTyped(long senderId, boolean isTyping) {
    typing.theyTyped(senderId, isTyping, Instant.now());
    updateTyping();
  }

  public void refused(String clientMsgId, String reason) {
    conversations.values().forEach(c -> c.fail(clientMsgId, reason));
    showConversation(false);
  }

  public void setConnection(ConnectionStatus connection) {
    statusDot.setForeground(switch (connection.quality()) {
      case "good" -> theme.online;
      case "slow" -> theme.slow;
      default -> theme.badge;
    });
    status.setText(connection.text());
    status.getParent().getParent().layout(true, true);
  }

  /** Opens the conversation with {@code peer} (as a click on the list would). */
  public void open(long peer) {
    stopTyping();
    if (open != null) {
      keys.keepDraft(open.peer(), input.getText());
      open.keepNewest(Conversation.PAGE); // off screen: the newest page is enough
    }
    restoringDraft = true;
    input.setText(keys.draft(peer));
    input.setSelection(input.getText().length());
    restoringDraft = false;
    open = conversation(peer);
    dividerBefore = 0;
    unreadAtOpen = contacts.get(peer).map(Contact::unread).orElse(0);
    if (isLookingAt(peer)) {
      contacts.clearUnread(peer);
      reads.request(peer);
    }
    actions.opened(peer);
    enableInput(true);
    updateHeader();
    showConversation(true);
    refreshUsers();
    input.setFocus();
  }

  /** The messages of the open conversation, as shown (for tests and automation). */
  public List<Message> shown() {
    return open == null ? List.of() : open.messages();
  }

  /** The colleague whose conversation is open, if any. */
  public java.util.OptionalLong openPeer() {
    return open == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(open.peer());
  }

  /** Told the total unread count whenever the list is redrawn (the tray icon). */
  public void onUnread(java.util.function.IntConsumer action) {
    this.onUnread = action;
  }

  public String displayName(long userId) {
    return contacts.get(userId).map(Contact::displayName).orElse("A colleague");
  }

  public int totalUnread() {
    return contacts.totalUnread();
  }

  public Table users() {
    return users;
  }

  public Text input() {
    return input;
  }

  public Text search() {
    return search;
  }

  public Label status() {
    return status;
  }

  /** The coloured dot before the status text: the connection's quality at a glance. */
  public Label statusDot() {
    return statusDot;
  }

  public ScrolledComposite conversationView() {
    return scroller;
  }

  public Label typingLabel() {
    return typingLabel;
  }

  private Conversation conversation(long peer) {
    return conversations.computeIfAbsent(peer, p -> new Conversation(me, p));
  }

  private void openSelected() {
    TableItem[] selected = users.getSelection();
    if (selected.length == 1 && (open == null || open.peer() != ((Contact) selected[0].getData()).id())) {
      open(((Contact) selected[0].getData()).id());
    }
  }

  /** Sends what the input holds, as Enter or the Send button do. */
  public void send() {
    String text = input.getText();
    if (open == null || text.isBlank()) {
      return;
    }
    input.setText("");
    stopTyping();
    open.addPending(actions.send(open.peer(), text));
    showConversation(true);
  }

  /** Sends a given-up message again: "sending…" until the server answers. */
  public void retry(Message message) {
    conversations.values().forEach(c -> c.retrying(message.clientMsgId()));
    actions.retry(message);
    showConversation(false);
  }

  private void keystroke() {
    if (!restoringDraft && open != null && !input.getText().isEmpty() && typing.keystroke(open.peer(), Instant.now())) {
      actions.typing(open.peer(), true);
    }
  }

  /** Sent, or switched away: the peer who was told I am typing is told I stopped. */
  private void stopTyping() {
    long told = typing.stop();
    if (told != TypingTimer.NOBODY) {
      actions.typing(told, false);
    }
  }

  /** Whether the conversation with {@code peer} is on screen in an active, unminimised window. */
  private boolean isLookingAt(long peer) {
    return open != null && open.peer() == peer && ReadMarker.looking(shell);
  }

  /** The window became active or was restored: what the open conversation shows is now read. */
  private void attentionBack() {
    boolean unread = open != null && (open.hasUnreadFromPeer() || contacts.get(open.peer()).map(Contact::unread).orElse(0) > 0);
    if (unread && isLookingAt(open.peer())) {
      contacts.clearUnread(open.peer());
      reads.request(open.peer());
      refreshUsers();
    }
  }

  /** Four times a second: still typing (repeat)? stopped? theirs expired? */
  private void tick() {
    if (shell.isDisposed()) {
      return;
    }
    Instant now = Instant.now();
    long still = typing.stillTyping(now);
    if (still != TypingTimer.NOBODY) {
      actions.typing(still, true);
    }
    long stopped = typing.stoppedTyping(now);
    if (stopped != TypingTimer.NOBODY) {
      actions.typing(stopped, false);
    }
    updateTyping();
    shell.getDisplay().timerExec(250, this::tick);
  }

  /** A row of the list as a screen reader says it: name, presence, unread, the latest message. */
  private String describeRow(int row) {
    if (row < 0 || row >= users.getItemCount()) {
      return null;
    }
    Contact c = (Contact) users.getItem(row).getData();
    StringBuilder text = new StringBuilder(c.displayName()).append(", ").append(presence(c));
    if (c.unread() > 0) {
      text.append(", ").append(c.unread()).append(" unread");
    }
    if (c.latest().messageId() > 0) {
      text.append(", ").append(UserListItem.time(c)).append(": ").append(UserListItem.preview(c));
    }
    return text.toString();
  }

  private void refreshUsers() {
    long selected = open == null ? -1 : open.peer();
    List<Contact> visible = contacts.visible(search.getText());
    users.setRedraw(false);
    users.removeAll();
    for (Contact c : visible) {
      TableItem item = new TableItem(users, SWT.NONE);
      item.setData(c);
      item.setText(c.displayName());
      if (c.id() == selected) {
        users.setSelection(item);
      }
    }
    users.setRedraw(true);
    int unread = contacts.totalUnread();
    onUnread.accept(unread);
    shell.setText(unread > 0 ? "Company Chat (" + unread + " unread)" : "Company Chat");
  }

  private void updateHeader() {
    if (open == null) {
      return;
    }
    contacts.get(open.peer()).ifPresent(c -> peerName.setText(c.displayName() + "  ·  " + presence(c)));
    peerName.getParent().layout(new Control[] {peerName});
  }

  private static String presence(Contact c) {
    if (c.online()) {
      return "online";
    }
    return c.lastSeen() == null ? "offline"
        : Moments.lastSeen(c.lastSeen(), LocalDate.now(), ZoneId.systemDefault());
  }

  /** The header's text: the colleague's name and presence (for tests and automation). */
  public String header() {
    return peerName.getText();
  }

  private void updateTyping() {
    String text = "";
    if (open != null && typing.isTyping(open.peer(), Instant.now())) {
      text = contacts.get(open.peer()).map(Contact::displayName).orElse("Someone") + " is typing…";
    }
    if (!text.equals(typingLabel.getText())) {
      typingLabel.setText(text);
    }
  }

  /** Redraws the open conversation; scrolls to the newest when asked or when already there. */
  private void showConversation(boolean toEnd) {
    if (open == null) {
      return;
    }
    boolean atBottom = isAtBottom();
    for (Control c : bubbles.getChildren()) {
      c.dispose();
    }
    Contact peer = contacts.get(open.peer()).orElse(new Contact(open.peer(), "", "", false, 0, 0));
    List<Message> messages = open.messages();
    if (dividerBefore == 0) {
      dividerBefore = firstUnread(messages);
    }
    for (Timeline.Row row : Timeline.rows(messages, dividerBefore, LocalDate.now(), ZoneId.systemDefault())) {
      if (row instanceof Timeline.Bubble b) {
        boolean mine = b.message().senderId() == me;
        Message m = b.message();
        new MessageBubble(bubbles, theme, m, mine, mine ? "me" : peer.displayName(),
            peer.username(), b.firstOfGroup(), m.retriable() ? () -> retry(m) : null).setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
      } else {
        separator(row instanceof Timeline.Day d ? d.label() : "New messages", row instanceof Timeline.NewMessages);
      }
    }
    bubbles.setTabList(java.util.Arrays.stream(bubbles.getChildren())
        .filter(c -> c instanceof MessageBubble b && b.retriable()).toArray(Control[]::new));
    relayout(toEnd || atBottom);
  }

  /**
   * Where "New messages" goes: before the last {@link #unreadAtOpen} of the peer's messages once
   * that many are held (history may still be on its way), else before the first not yet read.
   */
  private long firstUnread(List<Message> messages) {
    List<Message> theirs = messages.stream().filter(m -> m.senderId() != me && m.id() > 0).toList();
    if (unreadAtOpen > 0) {
      return theirs.size() >= unreadAtOpen ? theirs.get(theirs.size() - unreadAtOpen).id() : 0;
    }
    return theirs.stream().filter(m -> !m.read()).mapToLong(Message::id).findFirst().orElse(0);
  }

  /** A day's name, or the "New messages" divider, centred across the view. */
  private void separator(String text, boolean unreadDivider) {
    Label label = new Label(bubbles, SWT.CENTER);
    label.setText(unreadDivider ? "─────  " + text + "  ─────" : text);
    label.setFont(unreadDivider ? theme.bold : theme.small);
    label.setForeground(unreadDivider ? theme.divider : theme.muted);
    if (theme.dark) {
      label.setBackground(theme.background);
    }
    label.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
  }

  private void relayout(boolean scrollToEnd) {
    int width = scroller.getClientArea().width;
    bubbles.setSize(bubbles.computeSize(width, SWT.DEFAULT));
    scroller.setMinSize(bubbles.computeSize(width, SWT.DEFAULT));
    bubbles.layout(true, true);
    if (scrollToEnd) {
      scroller.setOrigin(0, Math.max(0, bubbles.getSize().y));
    }
  }

  private boolean isAtBottom() {
    var bar = scroller.getVerticalBar();
    return bar == null || bar.getSelection() + bar.getThumb() >= bar.getMaximum() - 4;
  }

  private void maybeLoadOlder() {
    if (open != null && scroller.getVerticalBar().getSelection() == 0 && open.shouldFetchOlder()) {
      actions.loadOlder(open.peer(), open.oldestId());
    }
  }

  private void enableInput(boolean enabled) {
    input.setEnabled(enabled);
    send.setEnabled(enabled);
  }
}
