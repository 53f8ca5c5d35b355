package ai.tao.benchmarks.sql;

import ai.tao.api.DataInputException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Grades SQL by running it: a prediction is correct when it returns the same answer as the gold
 * query on the demo database ({@link SqlResult#sameAnswer}: row order, column order and number
 * formatting do not matter).
 *
 * <p>Model output is untrusted, so it runs fenced in: only one {@code SELECT} or {@code WITH}
 * statement (one trailing semicolon allowed), as a database user that may only read the three
 * tables and has no admin rights (so no file functions), on a read-only connection, with a timeout
 * ({@value #DEFAULT_TIMEOUT_MS} ms by default) and a row limit ({@value #DEFAULT_MAX_ROWS} by
 * default). A query that breaks a rule fails like one that does not parse.
 *
 * <p>Each evaluator owns a private in-memory H2 database, dropped by {@link #close()}. Results are
 * cached by query text. Methods are synchronized: one query at a time.
 *
 * @since 0.1
 */
public final class SqlEvaluator implements AutoCloseable {

  /** Default time a query may run, in milliseconds: generous for 200 rows, short for a runaway. */
  public static final long DEFAULT_TIMEOUT_MS = 1000;

  /** Default most rows a query may return before it counts as failed. */
  public static final int DEFAULT_MAX_ROWS = 1000;

  private static final int CACHE_SIZE = 10_000;
  private static final AtomicLong DATABASES = new AtomicLong();
  private static final String READER = "reader";

  private final Connection admin;
  private final Connection reader;
  private final int maxRows;
  private final Map<String, SqlResult> cache =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SqlResult> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  private SqlEvaluator(Connection admin, Connection reader, int maxRows) {
    this.admin = admin;
    this.reader = reader;
    this.maxRows = maxRows;
  }

  /** An evaluator over a fresh copy of {@code schema}, with the default timeout and row limit. */
  public static SqlEvaluator open(SqlSchema schema) {
    return open(schema, Duration.ofMillis(DEFAULT_TIMEOUT_MS), DEFAULT_MAX_ROWS);
  }

  /**
   * An evaluator over a fresh copy of {@code schema}.
   *
   * @param timeout the longest a query may run, at least 1 ms
   * @param maxRows the most rows a query may return, at least 1
   * @throws IllegalArgumentException if a limit is out of range
   * @throws DataInputException if the database cannot be created
   */
  public static SqlEvaluator open(SqlSchema schema, Duration timeout, int maxRows) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
    }
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
    }
    String url = "jdbc:h2:mem:tao-sql-" + DATABASES.incrementAndGet();
    Connection admin = schema.createDatabase(url);
    try {
      try (Statement s = admin.createStatement()) {
        s.execute("CREATE USER " + READER + " PASSWORD '" + READER + "'");
        s.execute("GRANT SELECT ON " + String.join(", ", schema.tables()) + " TO " + READER);
      }
      Connection reader = DriverManager.getConnection(url, READER, READER);
      try (Statement s = reader.createStatement()) {
        s.execute("SET QUERY_TIMEOUT " + timeout.toMillis());
      }
      reader.setReadOnly(true);
      return new SqlEvaluator(admin, reader, maxRows);
    } catch (SQLException e) {
      try {
        admin.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new DataInputException("cannot set up the SQL evaluator database: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code sql} and returns its normalized rows, or why it failed. Never throws for a bad
   * query.
   */
  public synchronized SqlResult execute(String sql) {
    Objects.requireNonNull(sql, "sql");
    SqlResult cached = cache.get(sql);
    if (cached != null) {
      return cached;
    }
    SqlResult result = run(sql);
    cache.put(sql, result);
    return result;
  }

  private SqlResult run(String sql) {
    String statement = sql.strip();
    if (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1).strip();
    }
    if (statement.isEmpty()) {
      return SqlResult.failed("empty query");
    }
    if (statement.contains(";")) {
      return SqlResult.failed("more than one statement; only a single SELECT or WITH query runs");
    }
    String first = statement.split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
    if (!first.equals("SELECT") && !first.equals("WITH")) {
      return SqlResult.failed("only SELECT or WITH queries run, got " + first);
    }
    try (Statement s = reader.createStatement()) {
      s.setMaxRows(maxRows + 1);
      try (ResultSet rs = s.executeQuery(statement)) {
        int columns = rs.getMetaData().getColumnCount();
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
          if (rows.size() == maxRows) {
            return SqlResult.failed("more than " + maxRows + " rows");
          }
          List<String> row = new ArrayList<>(columns);
          for (int c = 1; c <= columns; c++) {
            row.add(SqlResult.cell(rs.getObject(c)));
          }
          rows.add(row);
        }
        return SqlResult.of(columns, rows);
      }
    } catch (SQLException | RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      int cut = message.indexOf(';');
      return SqlResult.failed(cut > 0 ? message.substring(0, cut) : message);
    }
  }

  /**
   * Whether {@code predictedSql} gives the same answer as the task's gold SQL.
   *
   * @throws DataInputException if the gold SQL itself fails
   */
  public boolean isCorrect(String predictedSql, SqlTask task) {
    return execute(predictedSql).sameAnswer(gold(task));
  }

  /**
   * The fraction of tasks whose one prediction is correct.
   *
   * @param predictions one SQL per task, in task order
   * @throws IllegalArgumentException if the lists differ in size or are empty
   */
  public double passAt1(List<String> predictions, List<SqlTask> tasks) {
    checkSizes(predictions.size(), tasks);
    int correct = 0;
    for (int i = 0; i < tasks.size(); i++) {
      if (isCorrect(predictions.get(i), tasks.get(i))) {
        correct++;
      }
    }
    return (double) correct / tasks.size();
  }

  /**
   * The most common answer among the candidates that ran, ties going to the answer that came
   * first; empty when none ran. Self-consistency over execution results, as in text-to-SQL
   * majority voting.
   */
  public Optional<SqlResult> majorityAnswer(List<String> candidates) {
    Map<String, Integer> votes = new HashMap<>();
    Map<String, SqlResult> firstOf = new LinkedHashMap<>();
    for (String sql : candidates) {
      SqlResult r = execute(sql);
      if (r.ok()) {
        String key = r.answerKey().orElseThrow();
        votes.merge(key, 1, Integer::sum);
        firstOf.putIfAbsent(key, r);
      }
    }
    SqlResult best = null;
    int bestVotes = 0;
    for (Map.Entry<String, SqlResult> e : firstOf.entrySet()) { // first-seen order
      int v = votes.get(e.getKey());
      if (v > bestVotes) {
        best = e.getValue();
        bestVotes = v;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The fraction of tasks whose {@link #majorityAnswer majority answer} is correct; a task with no
   * candidate that ran counts as wrong.
   *
   * @param candidatesPerTask the N candidate SQLs of each task, in task order
   * @throws IllegalArgumentException if the lists differ in size or are empty
   */
  public double majorityAtN(List<List<String>> candidatesPerTask, List<SqlTask> tasks) {
    checkSizes(candidatesPerTask.size(), tasks);
    int correct = 0;
    for (int i = 0; i < tasks.size(); i++) {
      SqlResult gold = gold(tasks.get(i));
      if (majorityAnswer(candidatesPerTask.get(i)).map(r -> r.sameAnswer(gold)).orElse(false)) {
        correct++;
      }
    }
    return (double) correct / tasks.size();
  }

  private SqlResult gold(SqlTask task) {
    SqlResult gold = execute(task.goldSql());
    if (!gold.ok()) {
      throw new DataInputException(
          "gold SQL of task " + task.id() + " fails: " + gold.error().orElseThrow() + " ("
              + task.goldSql() + ")");
    }
    return gold;
  }

  private static void checkSizes(int n, List<SqlTask> tasks) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no tasks to evaluate");
    }
    if (n != tasks.size()) {
      throw new IllegalArgumentException(n + " predictions for " + tasks.size() + " tasks");
    }
  }

  /** Closes the connections, which drops the in-memory database. */
  @Override
  public synchronized void close() {
    SQLException failure = null;
    for (Connection c : List.of(reader, admin)) {
      try {
        c.close();
      } catch (SQLException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw new DataInputException(
          "cannot close the SQL evaluator database: " + failure.getMessage(), failure);
    }
  }
}
