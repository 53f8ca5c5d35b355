package ai.tao.rewards.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlGuardTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 1",
      "select name from employees where salary > 7000;",
      "  WITH high AS (SELECT * FROM employees) SELECT name FROM high",
      "SELECT note FROM t WHERE note = 'drop table t; delete'",
      "SELECT \"DROP\" FROM t",
      "SELECT 1 -- ; DROP TABLE t",
      "SELECT 1; -- trailing comment",
      "/* leading comment */ SELECT 1",
      "SELECT REPLACE(name, 'a', 'b') FROM t",
      "SELECT a FROM t WHERE b LIKE 'x%' ORDER BY a DESC LIMIT 1",
  })
  void allowsSingleReadOnlyQueries(String sql) {
    assertThat(SqlGuard.rejection(sql)).as(sql).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "DROP TABLE t",
      "DELETE FROM t",
      "INSERT INTO t VALUES (1)",
      "UPDATE t SET a = 1",
      "MERGE INTO t KEY(id) VALUES (1)",
      "CALL 1",
      "CREATE ALIAS X AS 'String x() { return null; }'",
      "ALTER TABLE t ADD COLUMN c INT",
      "GRANT ALL ON t TO PUBLIC",
      "SET QUERY_TIMEOUT 0",
      "RUNSCRIPT FROM 'x.sql'",
      "SCRIPT TO 'dump.sql'",
      "SELECT 1; DROP TABLE t",
      "SELECT * FROM t WHERE 1=1; DELETE FROM t",
      "SELECT 1;;",
      "SeLeCt 1; dRoP TABLE t",
      "SELECT FILE_WRITE('x', '/tmp/x')",
      "SELECT FILE_READ('/etc/passwd')",
      "SELECT * FROM CSVREAD('/etc/passwd')",
      "SELECT CSVWRITE('/tmp/x.csv', 'SELECT 1')",
      "SELECT * FROM LINK_SCHEMA('a', '', 'jdbc:h2:mem:x', 'sa', '', 'PUBLIC')",
      "SELECT \"FILE_READ\"('/etc/passwd')",
      "SELECT * FROM t FOR UPDATE",
      "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
      "SELECT FT_INIT()",
      "SELECT REPEAT('x', 1000000000)",
      "SELECT LENGTH(SPACE(2000000000))",
      "SELECT RPAD('', 1000000000, 'x')",
      "SELECT SECURE_RAND(1000000000)",
      "SELECT CAST(X'aced0005' AS JAVA_OBJECT)",
      "DR/**/OP TABLE t",
      "/* SELECT */ DROP TABLE t",
      "SELECT 'unterminated",
      "SELECT 1 /* unterminated",
      "SELECT 1 /* a /* nested */ ; DROP TABLE t */",
      "SELECT $$ unterminated",
      "",
      "-- only a comment",
      "VALUES (1)",
      "(SELECT 1)",
  })
  void rejectsEverythingElse(String sql) {
    assertThat(SqlGuard.rejection(sql)).as(sql).isPresent()
        .get().asString().startsWith(SqlGuard.REJECTED);
  }

  @org.junit.jupiter.api.Test
  void reasonSaysWhatWasFound() {
    assertThat(SqlGuard.rejection("SELECT 1; DROP TABLE t")).get().asString()
        .contains("more than one statement");
    assertThat(SqlGuard.rejection("DROP TABLE t")).get().asString()
        .contains("starts with 'DROP'");
    assertThat(SqlGuard.rejection("SELECT FILE_WRITE('a', 'b')")).get().asString()
        .contains("FILE_WRITE");
  }
}
