package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.Prompt;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.rewards.internal.Votes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Label-free self-consistency: rewards candidates whose answer is the group's most common answer.
 * The {@code majority-agreement} scorer.
 *
 * <p>Each candidate's answer is read by an {@link AnswerExtractor}; candidates without one score 0
 * and do not vote. The majority is the answer (or answers) with the most votes, provided it has at
 * least {@code minVotes}; with fewer, nobody agrees and every candidate scores 0.
 *
 * <p><b>Ties:</b> every answer tied for the most votes is a majority answer, so a 2-2 split rewards
 * both camps. Picking one would depend on candidate order (breaking the permutation contract) or on
 * an arbitrary order of answers; rewarding both gives the whole group equal rewards, so GRPO learns
 * nothing from a group the scorer cannot decide, which is the honest outcome.
 *
 * <p>Value 1 for a majority answer, 0 otherwise; or with {@link Builder#voteShare} its share of the
 * group, {@code votes / group size}, so agreement of 6 of 8 is worth more than 2 of 8. Component
 * {@code votes} is the number of candidates sharing the candidate's answer.
 *
 * @since 0.1
 */
public final class MajorityAgreementScorer implements Scorer {

  private static final int MAX_ANSWER_IN_REASON = 60;

  private final AnswerExtractor extractor;
  private final int minVotes;
  private final boolean voteShare;

  private MajorityAgreementScorer(AnswerExtractor extractor, int minVotes, boolean voteShare) {
    this.extractor = extractor;
    this.minVotes = minVotes;
    this.voteShare = voteShare;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().extractor(extractor).minVotes(minVotes).voteShare(voteShare);
  }

  @Override
  public String name() {
    return "majority-agreement";
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    List<Optional<String>> answers = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      answers.add(extractor.extract(group.candidate(i).text()).filter(a -> !a.isBlank()));
    }
    Votes votes = new Votes(answers, minVotes);
    List<Score> scores = new ArrayList<>(group.size());
    for (Optional<String> answer : answers) {
      if (answer.isEmpty()) {
        scores.add(Score.zero("no answer extracted"));
        continue;
      }
      int mine = votes.votes(answer.get());
      Map<String, Double> components = Map.of("votes", (double) mine);
      if (!votes.decided()) {
        scores.add(new Score(0.0, components, true, votes.undecidedReason("answer")));
      } else if (votes.wins(answer.get())) {
        double value = voteShare ? (double) mine / group.size() : 1.0;
        scores.add(new Score(value, components, true, ""));
      } else {
        scores.add(new Score(0.0, components, true,
            "answer '" + shorten(answer.get()) + "' has " + mine + " vote(s); the majority has "
                + votes.top()));
      }
    }
    return scores;
  }

  private static String shorten(String s) {
    return s.length() <= MAX_ANSWER_IN_REASON ? s : s.substring(0, MAX_ANSWER_IN_REASON) + "...";
  }

  /** The answer this scorer votes on: its extractor's, if any. */
  @Override
  public Optional<String> answerOf(Prompt prompt, Completion candidate) {
    return extractor.extract(candidate.text()).filter(a -> !a.isBlank());
  }

  @Override
  public String toString() {
    return "MajorityAgreementScorer[minVotes=" + minVotes + ", voteShare=" + voteShare + "]";
  }

  /**
   * Builder for {@link MajorityAgreementScorer}.
   *
   * @since 0.1
   */
  public static final class Builder {
    /** Reads each candidate's answer. Default {@link AnswerExtractor#lastLine()}. */
    private AnswerExtractor extractor = AnswerExtractor.lastLine();

    /**
     * Fewest votes a majority needs. Default 2: a lone answer agrees with nobody, and rewarding it
     * would reward whatever a group of all-different answers happens to contain.
     */
    private int minVotes = 2;

    /** Score by vote share instead of 0/1. Default false. */
    private boolean voteShare = false;

    private Builder() {}

    public Builder extractor(AnswerExtractor extractor) {
      this.extractor = Objects.requireNonNull(extractor, "extractor");
      return this;
    }

    public Builder minVotes(int minVotes) {
      this.minVotes = minVotes;
      return this;
    }

    public Builder voteShare(boolean voteShare) {
      this.voteShare = voteShare;
      return this;
    }

    /**
     * @throws ConfigurationException if {@code minVotes < 1}
     */
    public MajorityAgreementScorer build() {
      if (minVotes < 1) {
        throw new ConfigurationException(
            "majority-agreement minVotes must be >= 1, got " + minVotes);
      }
      return new MajorityAgreementScorer(extractor, minVotes, voteShare);
    }
  }
}
