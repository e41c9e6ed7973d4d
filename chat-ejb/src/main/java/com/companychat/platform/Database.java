package com.companychat.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.flywaydb.core.Flyway;

/**
 * The database: a pool on {@code chat.db.url} (or the container's DataSource named by
 * {@code chat.db.datasource}), the schema brought up to date by the Flyway migrations, and the
 * "chat" persistence unit on top.
 *
 * <p>The unit is bootstrapped here rather than by the container because its data source comes
 * from MicroProfile Config (CONTRACT §1), which works identically on Payara Micro, Payara Server
 * and in plain unit tests. Transactions are therefore resource-local and explicit: every unit of
 * work goes through {@link #transaction} or {@link #read}.
 */
public class Database implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Database.class.getName());

  private final DataSource dataSource;
  /** The pool we created and must close; empty when the container owns the DataSource. */
  private final Optional<HikariDataSource> ownPool;
  private final EntityManagerFactory emf;

  /** A database on a pool of our own on {@code url}, closed with this object. */
  public Database(String url, String user, String password) {
    this(pool(url, user, password), redact(url));
  }

  private Database(HikariDataSource ownPool, String description) {
    this(ownPool, Optional.of(ownPool), description);
  }

  /** A database on {@code dataSource}; only {@code ownPool} is closed with it, never the container's. */
  private Database(DataSource dataSource, Optional<HikariDataSource> ownPool, String description) {
    this.dataSource = dataSource;
    this.ownPool = ownPool;
    try {
      migrate(dataSource);
      this.emf = persistenceUnit(dataSource);
    } catch (RuntimeException e) {
      ownPool.ifPresent(HikariDataSource::close);
      throw e;
    }
    LOG.info(() -> "Database ready: " + description);
  }

  /** The database that {@code settings} name; the container DataSource is looked up in JNDI. */
  public static Database open(ChatSettings settings) {
    return open(settings, Database::lookup);
  }

  /** Like {@link #open(ChatSettings)}, with {@code jndi} resolving {@code chat.db.datasource}. */
  static Database open(ChatSettings settings, Function<String, DataSource> jndi) {
    Optional<String> container = settings.dbDataSource();
    if (container.isPresent()) {
      return new Database(jndi.apply(container.get()), Optional.empty(),
          "container DataSource " + container.get());
    }
    return new Database(settings.dbUrl(), settings.dbUser().orElse(null),
        settings.dbPassword().orElse(null));
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T transaction(Function<EntityManager, T> work) {
    try (EntityManager em = emf.createEntityManager()) {
      EntityTransaction tx = em.getTransaction();
      tx.begin();
      try {
        T result = work.apply(em);
        tx.commit();
        return result;
      } catch (RuntimeException e) {
        rollback(tx, e);
        throw e;
      }
    } catch (RuntimeException e) {
      // Begin, rollback and close fail too on a connection the database ended: all are a 503.
      throw translate(e);
    }
  }

  /** A rollback on a dead connection fails as well; the original failure is the one to report. */
  private static void rollback(EntityTransaction tx, RuntimeException cause) {
    try {
      if (tx.isActive()) {
        tx.rollback();
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  public void transactionVoid(Consumer<EntityManager> work) {
    transaction(em -> {
      work.accept(em);
      return null;
    });
  }

  /** Runs read-only {@code work}; nothing it changes is committed. */
  public <T> T read(Function<EntityManager, T> work) {
    try (EntityManager em = emf.createEntityManager()) {
      return work.apply(em);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    emf.close();
    ownPool.ifPresent(HikariDataSource::close);
  }

  /** A database that cannot be reached is the caller's 503, never a 500 with a stack trace. */
  private static RuntimeException translate(RuntimeException e) {
    if (e instanceof ChatException) {
      return e;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || isConnectionFailure(t)) {
        return new ChatException(ErrorCode.UNAVAILABLE, "The database is unavailable; try again");
      }
    }
    return e;
  }

  /** Whether {@code e} was caused by a unique constraint (SQLState 23505, PostgreSQL and H2). */
  public static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isConnectionFailure(Throwable t) {
    // 08: connection; 57P: server shutting down; 57014: statement timeout; 55P03: lock timeout
    return t instanceof SQLException sql && sql.getSQLState() != null
        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")
            || sql.getSQLState().equals("57014") || sql.getSQLState().equals("55P03"));
  }

  private static HikariDataSource pool(String url, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("chat");
    config.setJdbcUrl(url);
    config.setDriverClassName(driverFor(url));
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(16);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(5_000);
    config.setInitializationFailTimeout(30_000);
    config.setAutoCommit(false);
    // Whatever the server's default: a send reads its users' previous message ids after taking
    // their row locks, which needs a snapshot per statement (MessageService.store).
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    if (url.startsWith("jdbc:postgresql:")) {
      // A database that stops answering must fail the call, not hang a thread forever.
      config.addDataSourceProperty("socketTimeout", "30");
      config.addDataSourceProperty("connectTimeout", "5");
      config.addDataSourceProperty("options", "-c lock_timeout=10000 -c statement_timeout=30000");
    }
    return new HikariDataSource(config);
  }

  /**
   * The driver class that accepts {@code url}, found through our own class loader: on an
   * application server, {@code DriverManager} does not see drivers packaged in the application.
   */
  private static String driverFor(String url) {
    for (java.sql.Driver driver : java.util.ServiceLoader.load(java.sql.Driver.class, Database.class.getClassLoader())) {
      try {
        if (driver.acceptsURL(url)) {
          return driver.getClass().getName();
        }
      } catch (SQLException e) {
        // not this driver
      }
    }
    throw new IllegalStateException("No JDBC driver accepts " + redact(url));
  }

  /** PostgreSQL and H2 each have their own migrations: partial indexes exist in one only. */
  private static void migrate(DataSource dataSource) {
    Flyway.configure(Database.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:db/migration/common", "classpath:db/migration/" + vendorOf(dataSource))
        .load()
        .migrate();
  }

  /**
   * "h2" or "postgresql", asked of the database itself: a container DataSource has no URL of
   * ours to look at.
   */
  static String vendorOf(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      boolean h2 = "H2".equalsIgnoreCase(meta.getDatabaseProductName())
          || String.valueOf(meta.getURL()).startsWith("jdbc:h2:");
      return h2 ? "h2" : "postgresql";
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
    }
  }

  private static DataSource lookup(String jndiName) {
    try {
      return (DataSource) new InitialContext().lookup(jndiName);
    } catch (NamingException | ClassCastException e) {
      throw new IllegalStateException("chat.db.datasource: no DataSource at JNDI name " + jndiName, e);
    }
  }

  private static EntityManagerFactory persistenceUnit(DataSource dataSource) {
    ClassLoader loader = Database.class.getClassLoader();
    Map<String, Object> properties = Map.of(
        PersistenceUnitProperties.ECLIPSELINK_PERSISTENCE_XML, "META-INF/chat-persistence.xml",
        PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource,
        PersistenceUnitProperties.CLASSLOADER, loader,
        PersistenceUnitProperties.SESSION_CUSTOMIZER, QuickRetries.class.getName());
    EntityManagerFactory emf = new PersistenceProvider().createEntityManagerFactory("chat", properties);
    if (emf == null) {
      throw new PersistenceException("persistence unit 'chat' not found");
    }
    return emf;
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
