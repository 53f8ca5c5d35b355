package ai.tao.rewards.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.tao.api.Score;
import ai.tao.rewards.TestGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile SQL gets score 0 with a reason and changes nothing: not through the scorer, and not
 * even when the text check is bypassed and statements go straight to the database's connection.
 */
class SqlSafetyTest {

  private static final String SCRIPT = """
      CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR(20));
      INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');
      """;

  @TempDir Path dir;
  private H2Database db;
  private SqlExecutionScorer scorer;
  private String before;

  @BeforeEach
  void setUp() {
    db = H2Database.fromScript(SCRIPT);
    scorer = SqlExecutionScorer.builder().database(db).timeout(Duration.ofSeconds(1)).build();
    before = contents();
  }

  @AfterEach
  void tableIsUnchanged() {
    assertThat(contents()).isEqualTo(before);
    assertThat(scorer.execute("SELECT COUNT(*) FROM t").orElseThrow().rows())
        .containsExactly(List.of("3"));
    db.close();
  }

  /** Row count and checksum of t, read through the scorer itself. */
  private String contents() {
    ResultSetSnapshot rows = scorer.execute("SELECT id, v FROM t").orElseThrow();
    return rows.rows().size() + ":" + rows.hash();
  }

  private List<String> hostile() {
    String file = dir.resolve("pwned.txt").toString().replace("'", "''");
    return List.of(
        "DROP TABLE t",
        "DELETE FROM t",
        "INSERT INTO t VALUES (4, 'four')",
        "UPDATE t SET v = 'hacked'",
        "SELECT 1; DROP TABLE t",
        "CALL CSVWRITE('" + file + "', 'SELECT * FROM t')",
        "CREATE ALIAS SHELL AS 'String shell(String c) throws Exception {"
            + " Runtime.getRuntime().exec(c); return c; }'",
        "SELECT FILE_WRITE('pwned', '" + file + "')",
        "SELECT * FROM t WHERE 1=1; DELETE FROM t",
        "```sql\nSELECT * FROM t; UPDATE t SET v = NULL\n```",
        "select 1;\ndrop table t;",
        "TRUNCATE TABLE t");
  }

  @Test
  void hostileStatementsScoreZeroWithAReason() {
    List<String> texts = hostile();
    List<Score> scores = scorer.score(TestGroups.group("p", "q", texts.toArray(String[]::new)));

    for (int i = 0; i < texts.size(); i++) {
      assertThat(scores.get(i).value()).as(texts.get(i)).isZero();
      assertThat(scores.get(i).reason()).as(texts.get(i)).startsWith(SqlGuard.REJECTED);
    }
    assertThat(Files.exists(dir.resolve("pwned.txt"))).isFalse();
  }

  @Test
  void longRunningQueriesAreCancelledAndReportTimeout() {
    List<String> slow = List.of(
        "SELECT SUM(a.X * b.X) FROM SYSTEM_RANGE(1, 100000) a, SYSTEM_RANGE(1, 100000) b",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000)"
            + " SELECT COUNT(*) FROM c");
    for (String sql : slow) {
      SqlRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> scorer.run(sql), sql);
      assertThat(run.status()).as(sql).isEqualTo(SqlRun.Status.TIMEOUT);
      assertThat(run.reason()).startsWith("timeout");
    }
    List<Score> scores = scorer.score(TestGroups.group("p", "q", slow.get(0)));
    assertThat(scores.get(0).value()).isZero();
    assertThat(scores.get(0).reason()).startsWith("timeout");
  }

  @Test
  void rowsAreCappedAndTheSnapshotSaysSo() {
    SqlExecutionScorer capped = scorer.toBuilder().maxRows(2).build();
    ResultSetSnapshot rows = capped.execute("SELECT * FROM SYSTEM_RANGE(1, 1000000)").orElseThrow();
    assertThat(rows.rows()).hasSize(2);
    assertThat(rows.truncated()).isTrue();
    assertThat(capped.execute("SELECT * FROM t WHERE id <= 2").orElseThrow().truncated()).isFalse();
  }

  /** Defence in depth: the database's own user refuses what the guard would have stopped. */
  @Test
  void theDatabaseUserCannotWriteEvenWithoutTheGuard() throws SQLException {
    String file = dir.resolve("pwned.txt").toString().replace("'", "''");
    List<String> statements = List.of(
        "DROP TABLE t",
        "DELETE FROM t",
        "INSERT INTO t VALUES (4, 'four')",
        "UPDATE t SET v = 'hacked'",
        "SELECT 1; DELETE FROM t",
        "CREATE ALIAS SHELL AS 'String shell(String c) { return c; }'",
        "SELECT FILE_WRITE('pwned', '" + file + "')",
        "SELECT FILE_READ('" + file + "')",
        "CALL CSVWRITE('" + file + "', 'SELECT * FROM t')",
        "CREATE TABLE u(x INT)",
        "RUNSCRIPT FROM '" + file + "'");
    List<String> failures = new ArrayList<>();
    try (Connection c = db.connect()) {
      for (String sql : statements) {
        try (Statement st = c.createStatement()) {
          assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOf(SQLException.class);
        }
      }
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
        rs.next();
        if (rs.getInt(1) != 3) {
          failures.add("row count " + rs.getInt(1));
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(Files.exists(dir.resolve("pwned.txt"))).isFalse();
  }
}
