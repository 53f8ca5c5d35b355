package ai.tao.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Invariants of majority-agreement over random groups of short answers (blank = no answer). */
class MajorityAgreementProperties {

  private static CandidateGroup group(List<String> answers) {
    List<Completion> candidates = new ArrayList<>();
    for (String a : answers) {
      candidates.add(TestGroups.completion(a));
    }
    return new CandidateGroup(Prompt.ofText("p", "q"), candidates);
  }

  /** Answers from a tiny alphabet, so votes collide often; "" and " " have no answer. */
  private static List<String> answers(List<Integer> codes) {
    String[] alphabet = {"a", "b", "c", "", " "};
    return codes.stream().map(c -> alphabet[c]).toList();
  }

  @Property(edgeCases = EdgeCasesMode.MIXIN)
  void scoresAreZeroOrOne(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 4) Integer> codes,
      @ForAll @IntRange(min = 1, max = 4) int minVotes) {
    List<Score> scores = MajorityAgreementScorer.builder().minVotes(minVotes).build()
        .score(group(answers(codes)));
    assertThat(scores).hasSize(codes.size());
    assertThat(scores).allSatisfy(s -> assertThat(s.value()).isIn(0.0, 1.0));
  }

  @Property(edgeCases = EdgeCasesMode.MIXIN)
  void someoneScoresOneWheneverAnAnswerHasMinVotes(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 4) Integer> codes,
      @ForAll @IntRange(min = 1, max = 4) int minVotes) {
    List<String> answers = answers(codes);
    Map<String, Integer> votes = new HashMap<>();
    answers.stream().map(String::strip).filter(a -> !a.isEmpty())
        .forEach(a -> votes.merge(a, 1, Integer::sum));
    boolean someAnswerHasMinVotes = votes.values().stream().anyMatch(v -> v >= minVotes);

    List<Score> scores = MajorityAgreementScorer.builder().minVotes(minVotes).build()
        .score(group(answers));

    boolean someoneScoresOne = scores.stream().anyMatch(s -> s.value() == 1.0);
    assertThat(someoneScoresOne).isEqualTo(someAnswerHasMinVotes);
  }

  @Property(edgeCases = EdgeCasesMode.MIXIN)
  void permutingCandidatesPermutesScores(
      @ForAll @Size(min = 1, max = 12) List<@StringLength(max = 2) String> rawAnswers,
      @ForAll long seed) {
    List<String> answers = rawAnswers;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    List<String> permuted = order.stream().map(answers::get).toList();
    MajorityAgreementScorer scorer = MajorityAgreementScorer.builder().build();

    List<Score> original = scorer.score(group(answers));
    List<Score> shuffled = scorer.score(group(permuted));

    for (int i = 0; i < order.size(); i++) {
      assertThat(shuffled.get(i)).isEqualTo(original.get(order.get(i)));
    }
  }
}
