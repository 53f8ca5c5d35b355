package ai.tao.serve.cli;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Grader;
import ai.tao.core.eval.Graders;
import ai.tao.rewards.sql.SqlResultGrader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How {@code tao eval} and the flywheel's canary grade an answer against its label. */
final class GraderOptions {

  @Option(names = "--grader", defaultValue = "exact",
      description = "exact | numeric | sql-result (default: ${DEFAULT-VALUE})")
  String grader;

  @Option(names = "--tolerance", defaultValue = "1e-6", description = "numeric: absolute tolerance (default: ${DEFAULT-VALUE})")
  double tolerance;

  @Option(names = "--schema", paramLabel = "FILE", description = "sql-result: the SQL script that builds the database")
  Path schema;

  /** The SQL grader, when {@code --grader sql-result}; null otherwise. The caller closes it. */
  SqlResultGrader sqlGrader() {
    if (!"sql-result".equals(grader)) {
      return null;
    }
    if (schema == null) {
      throw new ConfigurationException("--grader sql-result needs --schema FILE, the SQL script that builds the"
          + " database the answers run against");
    }
    try {
      return SqlResultGrader.h2(Files.readString(schema));
    } catch (IOException e) {
      throw new ConfigurationException("cannot read --schema " + schema + ": " + e.getMessage(), e);
    }
  }

  /** The grader: {@code sql} when given (from {@link #sqlGrader()}), else exact or numeric. */
  Grader grader(SqlResultGrader sql) {
    if (sql != null) {
      return sql;
    }
    return switch (grader) {
      case "exact" -> Graders.exactMatch();
      case "numeric" -> Graders.numeric(tolerance);
      default -> throw new ConfigurationException("unknown --grader '" + grader + "'; use exact, numeric or sql-result");
    };
  }
}
