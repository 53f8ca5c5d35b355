package ai.tao.rewards.sql;

import ai.tao.rewards.internal.Texts;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the SQL in a completion.
 *
 * <ol>
 *   <li>If the completion has a fenced block tagged {@code sql} or untagged, the SQL is the
 *       content of the first one; later blocks and prose around it are ignored.
 *   <li>If it opens a fence that never closes (generation stopped at the token limit), the SQL is
 *       everything after the opening fence line.
 *   <li>Otherwise the SQL is the whole completion, stripped.
 * </ol>
 *
 * <p>The text is not cut at the first {@code ;}: {@code SELECT 1; DROP TABLE t} stays whole so
 * {@link SqlGuard} rejects it as two statements rather than the scorer quietly running half of it
 * and rewarding the attempt. For the same reason prose after the query (outside a fence) makes the
 * candidate fail: the scorers reward completions that are a query, or that fence one.
 *
 * @since 0.1
 */
public final class SqlExtractor {

  private SqlExtractor() {}

  /** The SQL of {@code completionText}, stripped; empty if there is none. */
  public static Optional<String> extract(String completionText) {
    Objects.requireNonNull(completionText, "completionText");
    Optional<String> fenced = Texts.fencedBlock(completionText, "sql");
    String sql;
    if (fenced.isPresent()) {
      sql = fenced.get();
    } else {
      sql = unclosedFence(completionText).orElse(completionText);
    }
    sql = sql.strip();
    return sql.isEmpty() ? Optional.empty() : Optional.of(sql);
  }

  private static Optional<String> unclosedFence(String text) {
    String stripped = text.stripLeading();
    if (!stripped.startsWith("```")) {
      return Optional.empty();
    }
    int newline = stripped.indexOf('\n');
    if (newline < 0) {
      return Optional.of("");
    }
    String info = stripped.substring(3, newline).strip();
    if (!info.isEmpty() && !info.equalsIgnoreCase("sql")) {
      return Optional.of("");
    }
    return Optional.of(stripped.substring(newline + 1));
  }
}
