package ai.tao.rewards.sql;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.rewards.internal.AnswerMemory;
import ai.tao.rewards.internal.Votes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Consensus that has to be earned: the {@code sql-consensus} scorer.
 *
 * <p>A candidate earns 1 only if it is <b>grounded</b> (all three {@link SqlGroundingScorer}
 * checks pass), it <b>executes</b>, and its {@linkplain ResultSetSnapshot#informative() informative}
 * result <b>agrees</b> with the plurality result among grounded, executing candidates, which needs
 * at least {@code minVotes} votes (ties share the win). Ungrounded candidates do not vote, so a
 * popular query that ignores the question cannot carry the vote; empty, all-NULL and lone-zero
 * results never vote, so "return nothing" is never a consensus.
 *
 * <p><b>Question-insensitive results.</b> A query that returns the same rows whatever the question
 * asks ({@code SELECT * FROM employees}) can still win votes. The scorer remembers, for the last
 * {@link Builder#memory} prompts, which results won and which values the question named (its
 * numbers, quoted phrases and known values). When the winning result of this prompt also won for
 * at least {@link Builder#insensitiveAfter} (default 3) <em>other</em> remembered prompts that name
 * <em>different</em> values, the result is taken as question-insensitive and its agreement reward
 * is cut by {@link Builder#insensitivePenalty} (default 1.0, the whole reward), never below the
 * partial credit. Paraphrases naming the same values do not count against each other, and
 * questions that name no values carry no evidence. The rule can misfire on a small answer that
 * genuinely recurs (a count of 3); the threshold keeps that rare, and a misfire only withholds
 * reward from one group. The memory is the one behind {@code majority-agreement}'s
 * question-independence option, keyed here by result hashes and the named values' signature.
 *
 * <p>Why the whole reward by default: GRPO normalises rewards within a group, so multiplying every
 * agreeing candidate by the same factor leaves their advantages unchanged. The penalty only
 * matters when it takes away the consensus's edge over the rest of the group.
 *
 * <p><b>Partial credit</b> ({@link Builder#partialCredit}, default 0, off): the value of a
 * candidate that is grounded and executes with an informative result but is not in the consensus.
 * Off by default so that reward means agreement; 0.1 to 0.2 gives early training a signal when
 * groups rarely agree. Empty results never get it, which would bring back the collapse.
 *
 * <p>Components: {@code grounded}, {@code executes}, {@code agrees} (1/0) and {@code
 * insensitivePenalty} (the part of the reward taken away, 0 when none).
 *
 * @since 0.1
 */
public final class SqlConsensusScorer implements Scorer {

  private final SqlExecutionScorer executor;
  private final SqlGroundingScorer grounding;
  private final int minVotes;
  private final double partialCredit;
  private final int memorySize;
  private final int insensitiveAfter;
  private final double insensitivePenalty;
  private final AnswerMemory memory;

  private SqlConsensusScorer(Builder b) {
    this.executor = b.executor;
    this.grounding = b.grounding;
    this.minVotes = b.minVotes;
    this.partialCredit = b.partialCredit;
    this.memorySize = b.memory;
    this.insensitiveAfter = b.insensitiveAfter;
    this.insensitivePenalty = b.insensitivePenalty;
    this.memory = new AnswerMemory(b.memory);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder with these settings; the scorer it builds starts with an empty memory. */
  public Builder toBuilder() {
    return new Builder()
        .executor(executor)
        .grounding(grounding)
        .minVotes(minVotes)
        .partialCredit(partialCredit)
        .memory(memorySize)
        .insensitiveAfter(insensitiveAfter)
        .insensitivePenalty(insensitivePenalty);
  }

  @Override
  public String name() {
    return "sql-consensus";
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    Optional<String> question = grounding.question(group.prompt());
    if (question.isEmpty()) {
      return grounding.score(group); // not applicable, with the grounding scorer's reason
    }
    List<SqlGroundingScorer.Report> reports = new ArrayList<>(group.size());
    List<SqlRun> runs = new ArrayList<>(group.size());
    List<Optional<String>> keys = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      String text = group.candidate(i).text();
      SqlGroundingScorer.Report report = grounding.check(question.get(), text);
      SqlRun run = executor.runCompletion(text);
      reports.add(report);
      runs.add(run);
      boolean votes = report.grounded() && run.informative();
      keys.add(votes ? run.result().map(ResultSetSnapshot::canonical) : Optional.empty());
    }
    Votes votes = new Votes(keys, minVotes);
    Map<String, Integer> othersByWinner = checkInsensitivity(group, question.get(), votes, runs, keys);

    List<Score> scores = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      scores.add(scoreOne(reports.get(i), runs.get(i), keys.get(i), votes, othersByWinner));
    }
    return scores;
  }

  /**
   * For each winning result, how many other questions with different values it also won; and
   * remembers this prompt's winners.
   */
  private Map<String, Integer> checkInsensitivity(CandidateGroup group, String question,
      Votes votes, List<SqlRun> runs, List<Optional<String>> keys) {
    Map<String, Integer> othersByWinner = new HashMap<>();
    if (!votes.decided()) {
      return othersByWinner;
    }
    String signature = grounding.questionValues(question).signature();
    Map<String, String> hashByKey = new LinkedHashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      String key = keys.get(i).orElse(null);
      if (key != null && votes.wins(key)) {
        hashByKey.putIfAbsent(key, runs.get(i).result().orElseThrow().hash());
      }
    }
    Map<String, Integer> othersByHash =
        memory.recall(group.prompt().id(), signature, new TreeSet<>(hashByKey.values()));
    hashByKey.forEach((key, hash) -> othersByWinner.put(key, othersByHash.get(hash)));
    return othersByWinner;
  }

  private Score scoreOne(SqlGroundingScorer.Report report, SqlRun run, Optional<String> key,
      Votes votes, Map<String, Integer> othersByWinner) {
    boolean grounded = report.grounded();
    boolean executes = run.executed();
    boolean agrees = key.isPresent() && votes.wins(key.get());
    double penalty = 0.0;
    List<String> reasons = new ArrayList<>();
    if (!grounded) {
      reasons.add("ungrounded: " + String.join("; ", report.failures()));
    }
    if (!executes) {
      reasons.add(run.reason());
    } else if (!run.informative()) {
      reasons.add(SqlResultAgreementScorer.uninformativeReason(run.result().orElseThrow()));
    }
    double value;
    if (agrees) {
      int others = othersByWinner.getOrDefault(key.get(), 0);
      value = 1.0;
      if (others >= insensitiveAfter) {
        value = Math.max(partialCredit, 1.0 - insensitivePenalty);
        penalty = 1.0 - value;
        reasons.add("question-insensitive: this result was also the consensus for " + others
            + " other question(s) naming different values");
      }
    } else {
      if (key.isPresent()) {
        reasons.add(votes.decided()
            ? "result has " + votes.votes(key.get()) + " vote(s); the grounded consensus has "
                + votes.top()
            : votes.undecidedReason("grounded result"));
      }
      value = key.isPresent() ? partialCredit : 0.0;
    }
    Map<String, Double> components = new LinkedHashMap<>();
    components.put("grounded", grounded ? 1.0 : 0.0);
    components.put("executes", executes ? 1.0 : 0.0);
    components.put("agrees", agrees ? 1.0 : 0.0);
    components.put("insensitivePenalty", penalty);
    return new Score(value, components, true, String.join("; ", reasons));
  }

  /** Closes the executor and the grounding check (each drops a database it created). */
  @Override
  public void close() {
    executor.close();
    grounding.close();
  }

  @Override
  public String toString() {
    return "SqlConsensusScorer[minVotes=" + minVotes + ", partialCredit=" + partialCredit
        + ", memory=" + memorySize + ", insensitiveAfter=" + insensitiveAfter
        + ", insensitivePenalty=" + insensitivePenalty + ", executor=" + executor
        + ", grounding=" + grounding + "]";
  }

  /**
   * Builder for {@link SqlConsensusScorer}; {@link #executor} and {@link #grounding} have no
   * default.
   *
   * @since 0.1
   */
  public static final class Builder {
    private SqlExecutionScorer executor;
    private SqlGroundingScorer grounding;

    /** Fewest votes a consensus needs. Default 2: a lone result agrees with nobody. */
    private int minVotes = 2;

    /** Value of grounded, executing, informative candidates outside the consensus. Default 0. */
    private double partialCredit = 0.0;

    /** Prompts remembered for the insensitivity rule. Default 256; 0 turns the rule off. */
    private int memory = 256;

    /**
     * Other questions naming different values a result must also have won before it is taken as
     * question-insensitive. Default 3.
     */
    private int insensitiveAfter = 3;

    /** Part of the agreement reward taken from a question-insensitive result, in [0, 1]. Default 1. */
    private double insensitivePenalty = 1.0;

    private Builder() {}

    /** Runs the candidates' SQL. Required. */
    public Builder executor(SqlExecutionScorer executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Decides which candidates are grounded and reads the values questions name. Required. */
    public Builder grounding(SqlGroundingScorer grounding) {
      this.grounding = Objects.requireNonNull(grounding, "grounding");
      return this;
    }

    public Builder minVotes(int minVotes) {
      this.minVotes = minVotes;
      return this;
    }

    public Builder partialCredit(double partialCredit) {
      this.partialCredit = partialCredit;
      return this;
    }

    public Builder memory(int prompts) {
      this.memory = prompts;
      return this;
    }

    public Builder insensitiveAfter(int otherQuestions) {
      this.insensitiveAfter = otherQuestions;
      return this;
    }

    public Builder insensitivePenalty(double penalty) {
      this.insensitivePenalty = penalty;
      return this;
    }

    /**
     * @throws ConfigurationException naming the bad value
     */
    public SqlConsensusScorer build() {
      if (executor == null || grounding == null) {
        throw new ConfigurationException("sql-consensus needs "
            + (executor == null ? "an executor(SqlExecutionScorer)" : "")
            + (executor == null && grounding == null ? " and " : "")
            + (grounding == null ? "a grounding(SqlGroundingScorer)" : ""));
      }
      if (minVotes < 1) {
        throw new ConfigurationException("sql-consensus minVotes must be >= 1, got " + minVotes);
      }
      if (!(partialCredit >= 0.0 && partialCredit < 1.0)) {
        throw new ConfigurationException(
            "sql-consensus partialCredit must be in [0, 1), got " + partialCredit);
      }
      if (memory < 0) {
        throw new ConfigurationException(
            "sql-consensus memory must be >= 0 (0 turns the insensitivity rule off), got " + memory);
      }
      if (insensitiveAfter < 1) {
        throw new ConfigurationException(
            "sql-consensus insensitiveAfter must be >= 1, got " + insensitiveAfter);
      }
      if (!(insensitivePenalty >= 0.0 && insensitivePenalty <= 1.0)) {
        throw new ConfigurationException(
            "sql-consensus insensitivePenalty must be in [0, 1], got " + insensitivePenalty);
      }
      return new SqlConsensusScorer(this);
    }
  }
}
