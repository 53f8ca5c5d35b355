package ai.tao.serve.table;

import ai.tao.api.ConfigurationException;
import ai.tao.api.OutputException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every served request and its response, in a JDBC table: the raw material of the flywheel (score
 * the traffic, tune on it, serve the tuned policy).
 *
 * <p><b>Schema</b> (table {@value #DEFAULT_TABLE} unless {@link Builder#table} says otherwise),
 * created on open when no table of that name exists:
 *
 * <pre>
 * id                BIGINT IDENTITY PRIMARY KEY   assigned on insert, increasing; the watermark of rowsSince
 * request_id        VARCHAR(64) NOT NULL UNIQUE   the response id the client saw (chatcmpl-…, cmpl-…)
 * created_at        TIMESTAMP WITH TIME ZONE      when the request arrived (UTC)
 * endpoint          VARCHAR(32)                   chat.completions or completions
 * model_version     VARCHAR(200)                  the policy version that answered
 * request_json      CLOB                          the body as parsed: messages or prompt as sent, sampling settings
 * response_text     CLOB                          the first choice's text
 * response_json     CLOB                          every choice: [{"index","text","finish_reason"}, …]
 * finish_reason     VARCHAR(16)                   the first choice's: stop or length
 * prompt_tokens     INTEGER                       tokens fed to the policy, once per request
 * completion_tokens INTEGER                       tokens generated, summed over the choices
 * latency_ms        BIGINT                        arrival to response ready
 * feedback          DOUBLE PRECISION NULL         a score recorded later by recordFeedback
 * </pre>
 *
 * The DDL is H2's (standard SQL but for {@code CLOB}); on another database create the table with
 * these columns and your types first: an existing table is used as it is.
 *
 * <p><b>Writes never block the caller.</b> {@link #record} puts the row on a bounded queue and
 * returns; one writer thread takes what is queued, up to {@link Builder#maxBatchRows} rows at a
 * time, and inserts them in one JDBC batch and one transaction. When the queue is full the row is
 * <em>dropped</em>, not waited for: the response path matters more than the log. Drops are counted
 * ({@link TableStats#dropped()}, the gateway's metrics) and logged as a warning at the 1st, 2nd,
 * 4th, 8th… drop; size {@link Builder#queueCapacity} so that it never happens. A batch the database
 * refuses is retried row by row; rows it still refuses are counted as {@link TableStats#failed()}
 * and logged as errors. {@link #close()} stops accepting rows and returns only once every row
 * queued before it is written.
 *
 * <p>The default database is an embedded H2 file, {@code jdbc:h2:file:DIR/inference}, opened with
 * {@code DB_CLOSE_ON_EXIT=FALSE} so that H2's own shutdown hook cannot close it before the writer
 * drains; one process opens such a file at a time. Any other database through {@link
 * Builder#jdbcUrl} (its driver on the classpath). Thread-safe.
 *
 * @since 0.3
 */
public final class InferenceTable implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceTable.class);

  /** Default table name. */
  public static final String DEFAULT_TABLE = "inference";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private static final String COLUMNS = "request_id, created_at, endpoint, model_version, request_json,"
      + " response_text, response_json, finish_reason, prompt_tokens, completion_tokens, latency_ms";

  private final String url;
  private final String user;
  private final String password;
  private final String table;
  private final BatchedWriter writer;

  private InferenceTable(Builder b) {
    this.url = b.jdbcUrl != null ? b.jdbcUrl : defaultUrl(b.directory);
    this.user = b.user;
    this.password = b.password;
    this.table = b.table;
    Connection first = null;
    try {
      first = connect();
      createIfAbsent(first);
    } catch (SQLException e) {
      closeQuietly(first);
      throw new OutputException("cannot open the inference table " + table + " at " + url + ": " + e.getMessage()
          + "; check the JDBC URL, that its driver is on the classpath and that no other process holds an H2 file",
          e);
    }
    this.writer = new BatchedWriter(table, COLUMNS, this::connect, first, b.queueCapacity, b.maxBatchRows);
    LOG.info("inference table {} at {} (queue {} rows, batches of up to {})", table, url, b.queueCapacity,
        b.maxBatchRows);
  }

  /** The H2 file URL of the default database in {@code directory}. */
  public static String defaultUrl(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return "jdbc:h2:file:" + directory.toAbsolutePath().resolve("inference") + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /** Opens (creating if needed) the default H2 file database in {@code directory}. */
  public static InferenceTable open(Path directory) {
    return builder().directory(directory).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The JDBC URL rows are written to. */
  public String jdbcUrl() {
    return url;
  }

  /** The table's name. */
  public String table() {
    return table;
  }

  /**
   * Queues a row for writing and returns at once.
   *
   * @return false if the row was dropped: the queue was full, or the table is closed (see the class
   *     comment)
   */
  public boolean record(Inference inference) {
    return writer.record(Objects.requireNonNull(inference, "inference"));
  }

  /**
   * Waits until every row queued before this call is written (or has failed). Blocks while the queue
   * is full; not for the response path.
   *
   * @throws OutputException if interrupted
   */
  public void flush() {
    writer.flush();
  }

  /** Counters of the writer. */
  public TableStats stats() {
    return writer.stats();
  }

  /**
   * Rows with an id above {@code watermarkId}, lowest first, at most {@code limit}: pass the last id
   * seen to page on. Rows still queued are not yet visible; {@link #flush()} first to see them. Ids
   * increase in insert order as long as this table's single writer is the only one inserting.
   *
   * @throws ConfigurationException if {@code limit} is not positive
   * @throws OutputException if the database cannot be read
   */
  public List<InferenceRow> rowsSince(long watermarkId, int limit) {
    if (limit <= 0) {
      throw new ConfigurationException("rowsSince limit must be > 0, got " + limit);
    }
    String sql = "SELECT id, " + COLUMNS + ", feedback FROM " + table + " WHERE id > ? ORDER BY id";
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, watermarkId);
      ps.setMaxRows(limit);
      List<InferenceRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && rows.size() < limit) {
          rows.add(readRow(rs));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new OutputException("cannot read the inference table " + table + " at " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rows in the database (queued rows not included).
   *
   * @throws OutputException if the database cannot be read
   */
  public long count() {
    return countSince(Long.MIN_VALUE);
  }

  /**
   * Rows with an id above {@code watermarkId} (queued rows not included): what {@link #rowsSince}
   * would page through, counted without reading them.
   *
   * @throws OutputException if the database cannot be read
   * @since 0.5
   */
  public long countSince(long watermarkId) {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table
        + " WHERE id > ?")) {
      ps.setLong(1, watermarkId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new OutputException("cannot count the inference table " + table + " at " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sets the feedback of the row with id {@code id} (an {@link InferenceRow#id()}).
   *
   * @return whether such a row exists
   * @throws ConfigurationException if {@code value} is not finite
   */
  public boolean recordFeedback(long id, double value) {
    return updateFeedback("id", id, value);
  }

  /**
   * Sets the feedback of the row whose response id is {@code requestId} (the {@code id} the client
   * saw). Flushes first, so feedback given right after a response finds its row.
   *
   * @return whether such a row exists
   * @throws ConfigurationException if {@code value} is not finite
   */
  public boolean recordFeedback(String requestId, double value) {
    Objects.requireNonNull(requestId, "requestId");
    flush();
    return updateFeedback("request_id", requestId, value);
  }

  private boolean updateFeedback(String column, Object key, double value) {
    if (!Double.isFinite(value)) {
      throw new ConfigurationException("feedback must be a finite number, got " + value + " for " + column + " "
          + key);
    }
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET feedback = ? WHERE " + column + " = ?")) {
      ps.setDouble(1, value);
      ps.setObject(2, key);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new OutputException("cannot record feedback in " + table + " at " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops accepting rows, waits until every queued row is written, and closes the writer's
   * connection. Idempotent. Rows offered afterwards are dropped.
   */
  @Override
  public void close() {
    if (writer.close()) {
      TableStats s = stats();
      LOG.info("inference table {} closed: {} rows written, {} dropped, {} failed", table, s.written(), s.dropped(),
          s.failed());
    }
  }

  private static InferenceRow readRow(ResultSet rs) throws SQLException {
    Inference inf = new Inference(rs.getString("request_id"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("endpoint"),
        rs.getString("model_version"), rs.getString("request_json"), rs.getString("response_text"),
        rs.getString("response_json"), rs.getString("finish_reason"),
        rs.getInt("prompt_tokens"), rs.getInt("completion_tokens"), rs.getLong("latency_ms"));
    double f = rs.getDouble("feedback");
    OptionalDouble feedback = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(f); // before the next get
    return new InferenceRow(rs.getLong("id"), inf, feedback);
  }

  private Connection connect() throws SQLException {
    return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
  }

  private void createIfAbsent(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    for (String name : List.of(table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))) {
      try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + table + " ("
          + "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
          + "request_id VARCHAR(" + Inference.MAX_REQUEST_ID + ") NOT NULL UNIQUE, "
          + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
          + "endpoint VARCHAR(32) NOT NULL, "
          + "model_version VARCHAR(200) NOT NULL, "
          + "request_json CLOB NOT NULL, "
          + "response_text CLOB NOT NULL, "
          + "response_json CLOB NOT NULL, "
          + "finish_reason VARCHAR(16) NOT NULL, "
          + "prompt_tokens INTEGER NOT NULL, "
          + "completion_tokens INTEGER NOT NULL, "
          + "latency_ms BIGINT NOT NULL, "
          + "feedback DOUBLE PRECISION NULL)");
    }
    LOG.info("created inference table {} at {}", table, url);
  }

  static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("closing a connection failed", e);
    }
  }

  /**
   * Where and how an {@link InferenceTable} writes; {@link #build()} validates and opens it.
   *
   * @since 0.3
   */
  public static final class Builder {
    /** Folder of the default H2 file database; used when no {@link #jdbcUrl} is given. */
    private Path directory;

    /** JDBC URL of the database. Default none: the H2 file in {@link #directory}. */
    private String jdbcUrl;

    /** Database user. Default none (H2's default user). */
    private String user;

    /** Database password. Default none. */
    private String password;

    /** Table name, a plain SQL identifier. Default {@value InferenceTable#DEFAULT_TABLE}. */
    private String table = DEFAULT_TABLE;

    /**
     * Rows that may wait for the writer before new ones are dropped. Default 65,536: about a minute of
     * a thousand requests a second, a few hundred MB at most for chat-sized rows.
     */
    private int queueCapacity = 65_536;

    /** Most rows inserted in one JDBC batch and transaction. Default 256. */
    private int maxBatchRows = 256;

    private Builder() {}

    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    public Builder jdbcUrl(String jdbcUrl) {
      this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      return this;
    }

    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    public Builder table(String table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    public Builder maxBatchRows(int maxBatchRows) {
      this.maxBatchRows = maxBatchRows;
      return this;
    }

    /**
     * Opens the table, creating it if absent, and starts its writer.
     *
     * @throws ConfigurationException if neither or both of a directory and a JDBC URL are given, or a
     *     value is out of range
     * @throws OutputException if the database cannot be opened
     */
    public InferenceTable build() {
      if ((directory == null) == (jdbcUrl == null)) {
        throw new ConfigurationException("inference table: give exactly one of directory(...) (an embedded H2 file)"
            + " and jdbcUrl(...), got "
            + (directory == null ? "neither" : "both (" + directory + ", " + jdbcUrl + ")"));
      }
      if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
        throw new ConfigurationException("inference table jdbcUrl must start with 'jdbc:', got '" + jdbcUrl + "'");
      }
      if (!IDENTIFIER.matcher(table).matches()) {
        throw new ConfigurationException("inference table name must be a plain SQL identifier (letters, digits,"
            + " underscores, not starting with a digit, at most 63 characters), got '" + table + "'");
      }
      if (queueCapacity <= 0) {
        throw new ConfigurationException("inference table queueCapacity must be > 0, got " + queueCapacity);
      }
      if (maxBatchRows <= 0) {
        throw new ConfigurationException("inference table maxBatchRows must be > 0, got " + maxBatchRows);
      }
      if (password != null && user == null) {
        throw new ConfigurationException("inference table: a password was given without a user; give user(...) too");
      }
      return new InferenceTable(this);
    }
  }
}
