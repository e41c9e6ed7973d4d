package com.companychat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.companychat.accounts.control.AccountService;
import com.companychat.accounts.control.AuthService;
import com.companychat.accounts.control.Caller;
import com.companychat.accounts.control.LoginThrottle;
import com.companychat.accounts.control.MemberView;
import com.companychat.accounts.control.PasswordHashing;
import com.companychat.accounts.control.TokenService;
import com.companychat.accounts.entity.Role;
import com.companychat.events.ChatEvent;
import com.companychat.events.EventBus;
import com.companychat.events.LocalEventBus;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.soteria.identitystores.hash.Pbkdf2PasswordHashImpl;
import org.junit.jupiter.api.function.Executable;

/**
 * A fresh database (in-memory H2, or PostgreSQL where its behaviour matters) with the services built on it as CDI would build them, an event
 * bus that remembers what was published, and helpers that provision companies and people through
 * {@link AccountService}, as the admin API does. Names it hands out are unique, so tests that
 * share one fixture stay independent.
 */
public final class ChatFixture implements AutoCloseable {
  public static final String PASSWORD = "correct horse battery";
  /** The platform administrator, as the provisioning calls see it. */
  public static final Caller SYSTEM = new Caller(0, "system", null, Role.PLATFORM_ADMIN);

  /**
   * The fewest PBKDF2 rounds Soteria's implementation accepts; {@code ChatSettings.forDatabase}
   * asks for 1000, which it refuses (see PasswordHashingTest).
   */
  public static final int SOTERIA_MIN_ITERATIONS = 1024;

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final Database db;
  private final Runnable drop;
  private final ChatSettings settings;
  private final PasswordHashing passwords;
  private final LocalEventBus events = new LocalEventBus();
  private final List<ChatEvent> published = new CopyOnWriteArrayList<>();
  private final AccountService accounts;
  private KeyPair keys;
  private TokenService tokens;

  private ChatFixture(String url, String user, Runnable drop) {
    this.db = new Database(url, user, null);
    this.drop = drop;
    this.settings = withPasswordIterations(
        ChatSettings.forDatabase(Path.of("target", "chat-test-data"), url), SOTERIA_MIN_ITERATIONS);
    this.passwords = new PasswordHashing(new Pbkdf2PasswordHashImpl(), settings);
    this.accounts = new AccountService(db, passwords, events);
    events.subscribe(published::add);
  }

  public static ChatFixture onH2() {
    String url = "jdbc:h2:mem:chat-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    return new ChatFixture(url, null, () -> shutDownH2(url));
  }

  /** The same on a fresh PostgreSQL database (see {@link TestDatabases}), dropped on close. */
  public static ChatFixture onPostgres() {
    TestDatabases.Postgres pg = TestDatabases.freshPostgres();
    try {
      return new ChatFixture(pg.url(), pg.user(), pg::close);
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  public Database db() {
    return db;
  }

  public ChatSettings settings() {
    return settings;
  }

  public PasswordHashing passwords() {
    return passwords;
  }

  public EventBus events() {
    return events;
  }

  public AccountService accounts() {
    return accounts;
  }

  /** One RSA pair per fixture: generating one takes a moment. */
  public synchronized KeyPair keys() {
    if (keys == null) {
      keys = newKeyPair();
    }
    return keys;
  }

  public synchronized TokenService tokens() {
    if (tokens == null) {
      tokens = new TokenService(keys(), ChatSettings.DEFAULT_ISSUER, Duration.ofMinutes(15),
          Clock.systemUTC());
    }
    return tokens;
  }

  /** A new AuthService with a throttle of its own, so that failed logins of one test stay there. */
  public AuthService newAuthService() {
    return newAuthService(settings);
  }

  public AuthService newAuthService(ChatSettings withSettings) {
    return new AuthService(db, passwords, tokens(), new LoginThrottle(), withSettings, events);
  }

  /** {@code settings} with {@code iterations} PBKDF2 rounds and everything else the same. */
  public static ChatSettings withPasswordIterations(ChatSettings s, int iterations) {
    return new ChatSettings(s.dataDir(), s.dbUrl(), s.dbUser(), s.dbPassword(), s.redisUrl(),
        s.adminUsername(), s.adminPassword(), s.jwtPrivateKey(), s.jwtPublicKey(), s.jwtIssuer(),
        s.demo(), s.accessTokenTtl(), s.refreshTokenTtl(), iterations);
  }

  /** {@code settings} with another refresh-token lifetime and everything else the same. */
  public static ChatSettings withRefreshTokenTtl(ChatSettings s, Duration ttl) {
    return new ChatSettings(s.dataDir(), s.dbUrl(), s.dbUser(), s.dbPassword(), s.redisUrl(),
        s.adminUsername(), s.adminPassword(), s.jwtPrivateKey(), s.jwtPublicKey(), s.jwtIssuer(),
        s.demo(), s.accessTokenTtl(), ttl, s.passwordIterations());
  }

  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code prefix-N}, unique in this JVM: a valid username and company name. */
  public static String unique(String prefix) {
    return prefix + "-" + SEQUENCE.incrementAndGet();
  }

  public long company() {
    return accounts.createCompany(SYSTEM, unique("Company")).id();
  }

  public Caller employee(long companyId, String prefix) {
    return member(companyId, prefix, null, Role.EMPLOYEE);
  }

  public Caller companyAdmin(long companyId, String prefix) {
    return member(companyId, prefix, null, Role.COMPANY_ADMIN);
  }

  /** A new member with password {@link #PASSWORD}, created by the platform admin. */
  public Caller member(long companyId, String prefix, String displayName, Role role) {
    MemberView view = accounts.createUser(SYSTEM, companyId,
        new AccountService.NewUser(unique(prefix), PASSWORD, displayName, role));
    return new Caller(view.id(), view.username(), view.companyId(), view.role());
  }

  public void deactivate(Caller who) {
    accounts.updateUser(SYSTEM, who.userId(), new AccountService.UserChanges(false, null, null, null));
  }

  public List<ChatEvent> published() {
    return List.copyOf(published);
  }

  public <E extends ChatEvent> List<E> published(Class<E> type) {
    return published.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public void forgetEvents() {
    published.clear();
  }

  /** The single number a {@code SELECT COUNT(*) …} answers, straight from the database. */
  public long count(String sql, Object... parameters) {
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts that {@code call} is refused with {@code code}, and returns the refusal. */
  public static ChatException assertRefused(ErrorCode code, Executable call) {
    ChatException e = assertThrows(ChatException.class, call);
    assertEquals(code, e.code(), () -> "refused with " + e.code() + ": " + e.getMessage());
    return e;
  }

  /** A limiter whose clock never moves: what it refuses stays refused for the whole test. */
  public static <K> RateLimiter<K> limiterWithStoppedClock(int capacity, double perSecond) {
    return new RateLimiter<>(capacity, perSecond, () -> 0L);
  }

  @Override
  public void close() {
    db.close();
    drop.run();
  }

  private static void shutDownH2(String url) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
