package ai.tao.rewards.sql;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The first line of defence of the SQL scorers: a static check that a candidate is a single
 * read-only query before it reaches a database.
 *
 * <p>After dropping comments (see {@link SqlLexer}), a statement passes only if:
 *
 * <ul>
 *   <li>it starts with {@code SELECT} or {@code WITH};
 *   <li>it is one statement: the only {@code ;} allowed is the very last token;
 *   <li>no bare word is a statement keyword that writes, changes settings or runs code ({@code
 *       CALL DROP DELETE INSERT UPDATE MERGE CREATE ALTER GRANT SET RUNSCRIPT SCRIPT ...}, so also
 *       {@code CREATE ALIAS} and {@code SELECT ... FOR UPDATE});
 *   <li>no word or quoted identifier names a function that touches files, other databases or
 *       sessions ({@code FILE_READ FILE_WRITE CSVREAD CSVWRITE LINK_SCHEMA ...}), or that builds
 *       a value of a requested size ({@code REPEAT SPACE LPAD RPAD SECURE_RAND}).
 * </ul>
 *
 * Words inside string literals do not count, so {@code WHERE note = 'drop'} passes. The check is
 * deliberately strict: a column that happens to be called {@code set} must be quoted.
 *
 * <p>This check is not the only defence: {@link SqlExecutionScorer} also opens connections
 * read-only, rolls back, caps rows and time, and the default {@link H2Database} runs candidates as
 * a user that may only {@code SELECT}. The lexer follows H2 and standard SQL quoting; on another
 * database give the scorer an account that can only read.
 *
 * @since 0.1
 */
public final class SqlGuard {

  /** Statement words a read-only query never needs. */
  private static final Set<String> DENIED_WORDS = Set.of(
      "CALL", "DROP", "DELETE", "INSERT", "UPDATE", "MERGE", "UPSERT", "CREATE", "ALTER",
      "GRANT", "REVOKE", "SET", "RUNSCRIPT", "SCRIPT", "TRUNCATE", "SHUTDOWN", "BACKUP",
      "EXECUTE", "EXEC", "COMMIT", "ROLLBACK", "SAVEPOINT", "CHECKPOINT", "PREPARE", "INTO",
      "ATTACH", "DETACH", "PRAGMA", "COPY", "VACUUM", "JAVA_OBJECT");

  /** Functions that read or write files, link other databases, change state or stall a session. */
  private static final Set<String> DENIED_FUNCTIONS = Set.of(
      "FILE_READ", "FILE_WRITE", "CSVREAD", "CSVWRITE", "LINK_SCHEMA", "CANCEL_SESSION",
      "ABORT_SESSION", "NEXTVAL", "SETVAL", "LOAD_EXTENSION", "PG_READ_FILE",
      "PG_READ_BINARY_FILE", "PG_LS_DIR", "PG_SLEEP", "SLEEP", "BENCHMARK", "LO_IMPORT",
      "LO_EXPORT", "DBLINK", "XP_CMDSHELL", "UTL_FILE");

  /**
   * Functions that build a value of a requested size: {@code REPEAT('x', 1000000000)} allocates
   * gigabytes in one call, which no query timeout can interrupt.
   */
  private static final Set<String> DENIED_ALLOCATORS = Set.of(
      "REPEAT", "SPACE", "LPAD", "RPAD", "SECURE_RAND", "RANDOM_BYTES", "ZEROBLOB", "RANDOMBLOB");

  /** H2 full-text search functions create and drop triggers and tables. */
  private static final List<String> DENIED_FUNCTION_PREFIXES = List.of("FT_", "FTL_");

  /** The prefix of every rejection reason. */
  public static final String REJECTED = "rejected: not a read-only single statement";

  private SqlGuard() {}

  /**
   * Why {@code sql} may not run, or empty if it passes the check.
   *
   * @return a reason starting with {@value #REJECTED}, then what was found
   */
  public static Optional<String> rejection(String sql) {
    Objects.requireNonNull(sql, "sql");
    List<SqlToken> tokens;
    try {
      tokens = SqlLexer.tokenize(sql);
    } catch (SqlLexer.LexException e) {
      return reject(e.getMessage());
    }
    if (tokens.isEmpty()) {
      return reject("no statement");
    }
    SqlToken first = tokens.get(0);
    if (!first.isWord("SELECT") && !first.isWord("WITH")) {
      return reject("starts with '" + first.text() + "', not SELECT or WITH");
    }
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken t = tokens.get(i);
      if (t.isSymbol(";") && i != tokens.size() - 1) {
        return reject("';' before the end: more than one statement");
      }
      if (t.kind() == SqlToken.Kind.WORD && DENIED_WORDS.contains(t.upper())) {
        return reject(t.upper() + " is not allowed");
      }
      if (t.kind() == SqlToken.Kind.WORD || t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER) {
        String upper = t.text().toUpperCase(Locale.ROOT);
        if (DENIED_FUNCTIONS.contains(upper) || DENIED_ALLOCATORS.contains(upper)
            || DENIED_FUNCTION_PREFIXES.stream().anyMatch(upper::startsWith)) {
          return reject("function " + upper + " is not allowed");
        }
      }
    }
    return Optional.empty();
  }

  /** Whether {@code sql} passes the check. */
  public static boolean allows(String sql) {
    return rejection(sql).isEmpty();
  }

  private static Optional<String> reject(String detail) {
    return Optional.of(REJECTED + " (" + detail + ")");
  }
}
