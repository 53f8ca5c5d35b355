package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.Prompt;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.rewards.internal.AnswerMemory;
import ai.tao.rewards.internal.Votes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

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
 * <p><b>Question independence</b> ({@link Builder#questionIndependent}, off by default). Majority
 * vote has a degenerate optimum: give every question the same answer ("Answer: 30") and every
 * group agrees. With the option on, the scorer remembers the majority answers of the last {@link
 * Builder#memory} prompts (default 64); when this group's majority answer was also the majority
 * answer of at least {@link Builder#sharedAfter} (default 3) <em>different</em> remembered
 * questions (another prompt id and another prompt text), the candidates giving it earn 0, with a
 * reason saying so, and component {@code sharedAnswerPenalty} 1 (0 otherwise). One answer for all
 * questions then earns nothing. Whole reward, not a part: GRPO normalises within a group, so
 * scaling every agreeing candidate alike would change no advantage. Off by default because on
 * tasks whose answers genuinely recur (yes/no, multiple choice, small counts) it withholds reward
 * from right answers; the collapse guard's shared-answer signal watches every run regardless.
 * Why 64 and 3: with answers that follow the questions, an answer recurring as the majority of 3
 * of the last 63 other questions is rare unless the answer space is small; a collapse passes 3
 * within a step or two of taking hold. The same memory ({@code AnswerMemory}) serves {@code
 * sql-consensus}'s question-insensitivity rule.
 *
 * @since 0.1
 */
public final class MajorityAgreementScorer implements Scorer {

  private static final int MAX_ANSWER_IN_REASON = 60;

  private final AnswerExtractor extractor;
  private final int minVotes;
  private final boolean voteShare;
  private final boolean questionIndependent;
  private final int memorySize;
  private final int sharedAfter;
  /** Empty (capacity 0) unless {@code questionIndependent}. */
  private final AnswerMemory memory;

  private MajorityAgreementScorer(Builder b) {
    this.extractor = b.extractor;
    this.minVotes = b.minVotes;
    this.voteShare = b.voteShare;
    this.questionIndependent = b.questionIndependent;
    this.memorySize = b.memory;
    this.sharedAfter = b.sharedAfter;
    this.memory = new AnswerMemory(questionIndependent ? memorySize : 0);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder with these settings; the scorer it builds starts with an empty memory. */
  public Builder toBuilder() {
    return new Builder().extractor(extractor).minVotes(minVotes).voteShare(voteShare)
        .questionIndependent(questionIndependent).memory(memorySize).sharedAfter(sharedAfter);
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
    Map<String, Integer> sharedWith = questionIndependent && votes.decided()
        ? memory.recall(group.prompt().id(), signature(group.prompt()), votes.winners())
        : Map.of();
    List<Score> scores = new ArrayList<>(group.size());
    for (Optional<String> answer : answers) {
      if (answer.isEmpty()) {
        scores.add(Score.zero("no answer extracted"));
        continue;
      }
      int mine = votes.votes(answer.get());
      int others = sharedWith.getOrDefault(answer.get(), 0);
      boolean shared = others >= sharedAfter;
      Map<String, Double> components = new LinkedHashMap<>();
      components.put("votes", (double) mine);
      if (questionIndependent) {
        components.put("sharedAnswerPenalty", shared ? 1.0 : 0.0);
      }
      if (!votes.decided()) {
        scores.add(new Score(0.0, components, true, votes.undecidedReason("answer")));
      } else if (votes.wins(answer.get()) && shared) {
        scores.add(new Score(0.0, components, true, "question-independent: answer '" + shorten(answer.get())
            + "' was also the majority answer of " + others + " other question(s) among the last " + memorySize
            + " prompts"));
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

  /** What the prompt asks: its text or its messages, whitespace-normalised. */
  private static String signature(Prompt prompt) {
    String asked = prompt.textOpt().orElseGet(() -> prompt.messages().stream()
        .map(m -> m.role() + ": " + m.content()).collect(Collectors.joining("\n")));
    return asked.strip().replaceAll("\\s+", " ");
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
    return "MajorityAgreementScorer[minVotes=" + minVotes + ", voteShare=" + voteShare
        + (questionIndependent ? ", questionIndependent, memory=" + memorySize + ", sharedAfter=" + sharedAfter : "")
        + "]";
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

    /**
     * Whether a majority answer that was also the majority answer of {@link #sharedAfter} other
     * recent questions earns 0. Default false: see the class comment for why.
     */
    private boolean questionIndependent = false;

    /** Prompts whose majority answers are remembered for the question-independence rule. Default 64. */
    private int memory = 64;

    /** Other remembered questions an answer must also have won before it earns 0. Default 3. */
    private int sharedAfter = 3;

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

    /** @since 0.3 */
    public Builder questionIndependent(boolean questionIndependent) {
      this.questionIndependent = questionIndependent;
      return this;
    }

    /** @since 0.3 */
    public Builder memory(int prompts) {
      this.memory = prompts;
      return this;
    }

    /** @since 0.3 */
    public Builder sharedAfter(int otherQuestions) {
      this.sharedAfter = otherQuestions;
      return this;
    }

    /**
     * @throws ConfigurationException if {@code minVotes}, {@code memory} or {@code sharedAfter} is
     *     below 1
     */
    public MajorityAgreementScorer build() {
      if (minVotes < 1) {
        throw new ConfigurationException(
            "majority-agreement minVotes must be >= 1, got " + minVotes);
      }
      if (memory < 1 || sharedAfter < 1) {
        throw new ConfigurationException("majority-agreement memory and sharedAfter must be >= 1, got " + memory
            + " and " + sharedAfter + " (to turn the rule off, use questionIndependent(false))");
      }
      return new MajorityAgreementScorer(this);
    }
  }
}
