package ai.tao.rewards.sql;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.rewards.MajorityAgreementScorer;
import ai.tao.rewards.internal.Votes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Label-free consensus on query results: the {@code sql-result-agreement} scorer.
 *
 * <p>Every candidate's SQL is run by a {@link SqlExecutionScorer}; candidates vote with their
 * result (compared by {@link ResultSetSnapshot#canonical()}, so row order and column names do not
 * matter). A candidate scores 1 if its result is the most common among candidates and has at least
 * {@code minVotes} votes (ties share the win, as in {@link MajorityAgreementScorer}); 0 otherwise.
 *
 * <p>Only {@linkplain ResultSetSnapshot#informative() informative} results vote: empty results,
 * all-NULL results, a lone zero and errors score 0 and never vote. Letting empty results vote made
 * a policy collapse into queries that return nothing, since they all agree with each other.
 *
 * <p>Components: {@code executes}, {@code agrees} (1/0) and {@code votes} for the candidate's
 * result.
 *
 * @since 0.1
 */
public final class SqlResultAgreementScorer implements Scorer {

  private final SqlExecutionScorer executor;
  private final int minVotes;

  private SqlResultAgreementScorer(SqlExecutionScorer executor, int minVotes) {
    this.executor = executor;
    this.minVotes = minVotes;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().executor(executor).minVotes(minVotes);
  }

  @Override
  public String name() {
    return "sql-result-agreement";
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    List<SqlRun> runs = new ArrayList<>(group.size());
    List<Optional<String>> keys = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      SqlRun run = executor.runCompletion(group.candidate(i).text());
      runs.add(run);
      keys.add(run.informative() ? run.result().map(ResultSetSnapshot::canonical) : Optional.empty());
    }
    Votes votes = new Votes(keys, minVotes);
    List<Score> scores = new ArrayList<>(group.size());
    for (int i = 0; i < runs.size(); i++) {
      SqlRun run = runs.get(i);
      if (!run.executed()) {
        scores.add(new Score(0.0, Map.of("executes", 0.0, "agrees", 0.0, "votes", 0.0), true,
            run.reason()));
        continue;
      }
      if (keys.get(i).isEmpty()) {
        scores.add(new Score(0.0, Map.of("executes", 1.0, "agrees", 0.0, "votes", 0.0), true,
            uninformativeReason(run.result().orElseThrow())));
        continue;
      }
      String key = keys.get(i).get();
      boolean agrees = votes.wins(key);
      String reason = agrees ? ""
          : votes.decided()
              ? "result has " + votes.votes(key) + " vote(s); the consensus has " + votes.top()
              : votes.undecidedReason("result");
      scores.add(new Score(agrees ? 1.0 : 0.0,
          Map.of("executes", 1.0, "agrees", agrees ? 1.0 : 0.0, "votes", (double) votes.votes(key)),
          true, reason));
    }
    return scores;
  }

  /** Why an executed result does not vote. */
  static String uninformativeReason(ResultSetSnapshot result) {
    if (result.isEmpty()) {
      return "empty result does not vote";
    }
    if (result.isAllNull()) {
      return "all-NULL result does not vote";
    }
    return "lone zero result does not vote";
  }

  /** Closes the executor (which drops its database if it created it). */
  @Override
  public void close() {
    executor.close();
  }

  @Override
  public String toString() {
    return "SqlResultAgreementScorer[executor=" + executor + ", minVotes=" + minVotes + "]";
  }

  /**
   * Builder for {@link SqlResultAgreementScorer}; {@link #executor} has no default.
   *
   * @since 0.1
   */
  public static final class Builder {
    private SqlExecutionScorer executor;

    /** Fewest votes a consensus needs. Default 2: a lone result agrees with nobody. */
    private int minVotes = 2;

    private Builder() {}

    /** Runs the candidates' SQL (its database, timeout and row cap apply). Required. */
    public Builder executor(SqlExecutionScorer executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder minVotes(int minVotes) {
      this.minVotes = minVotes;
      return this;
    }

    /**
     * @throws ConfigurationException if the executor is unset or {@code minVotes < 1}
     */
    public SqlResultAgreementScorer build() {
      if (executor == null) {
        throw new ConfigurationException(
            "sql-result-agreement needs an executor: executor(SqlExecutionScorer...)");
      }
      if (minVotes < 1) {
        throw new ConfigurationException(
            "sql-result-agreement minVotes must be >= 1, got " + minVotes);
      }
      return new SqlResultAgreementScorer(executor, minVotes);
    }
  }
}
