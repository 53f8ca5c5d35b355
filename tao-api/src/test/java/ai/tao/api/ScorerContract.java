package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Scorer} must keep: one score per candidate, never null, deterministic,
 * permutation-equivariant (unless declared otherwise), and a {@link Scorer#close()} that may be
 * called twice. A scorer's test class extends this and implements {@link #scorer()}; it may add
 * groups from its own domain by overriding {@link #groups()}.
 *
 * <p>Published in the {@code tao-api} test-jar:
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>ai.tao</groupId><artifactId>tao-api</artifactId><version>${project.version}</version>
 *   <type>test-jar</type><scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * @since 0.1
 */
public abstract class ScorerContract {

  /** A fresh scorer under test. */
  protected abstract Scorer scorer();

  /**
   * Whether permuting a group's candidates permutes their scores the same way. True for scorers
   * that judge content only; a scorer with deliberate position effects overrides this to false.
   */
  protected boolean permutationEquivariant() {
    return true;
  }

  /** Groups every scorer must handle: plain text, chat, a single candidate, an empty completion. */
  protected List<CandidateGroup> groups() {
    Prompt text = Prompt.ofText("contract-text", "Name a prime number.");
    Prompt chat =
        Prompt.ofMessages(
            "contract-chat",
            List.of(ChatMessage.system("Answer in JSON."), ChatMessage.user("Give {\"a\": 1}.")));
    return List.of(
        new CandidateGroup(
            text, List.of(completion("7"), completion("Seven is prime."), completion("8"))),
        new CandidateGroup(
            chat,
            List.of(completion("{\"a\": 1}"), completion("not json"), completion("{\"a\": 2}"))),
        new CandidateGroup(text, List.of(completion("2"))),
        new CandidateGroup(text, List.of(completion(""), completion("3"))));
  }

  /** A completion whose token ids are its characters, for contract groups. */
  protected static Completion completion(String text) {
    int[] ids = text.chars().toArray();
    float[] logProbs = new float[ids.length];
    java.util.Arrays.fill(logProbs, -1.0f);
    return new Completion(text, ids, logProbs, FinishReason.EOS);
  }

  @Test
  public void nameIsNotBlank() {
    assertThat(scorer().name()).isNotBlank();
  }

  @Test
  public void returnsExactlyOneScorePerCandidate() {
    Scorer scorer = scorer();
    for (CandidateGroup group : groups()) {
      List<Score> scores = scorer.score(group);
      assertThat(scores).as("scores of %s", group.prompt().id()).hasSize(group.size());
      assertThat(scores).doesNotContainNull();
      new ScoredRollout(new Rollout(group.prompt(), new int[] {1}, SamplingParams.builder().candidatesPerPrompt(group.size()).build(), group.candidates()), scores);
    }
  }

  @Test
  public void isDeterministic() {
    for (CandidateGroup group : groups()) {
      assertThat(scorer().score(group)).isEqualTo(scorer().score(group));
    }
  }

  @Test
  public void scoresFollowCandidatesWhenTheyArePermuted() {
    if (!permutationEquivariant()) {
      return;
    }
    Scorer scorer = scorer();
    for (CandidateGroup group : groups()) {
      List<Score> scores = scorer.score(group);
      List<Completion> reversed = new ArrayList<>(group.candidates());
      Collections.reverse(reversed);
      List<Score> expected = new ArrayList<>(scores);
      Collections.reverse(expected);
      assertThat(scorer.score(new CandidateGroup(group.prompt(), reversed)))
          .as("scores of reversed %s", group.prompt().id())
          .isEqualTo(expected);
    }
  }

  @Test
  public void closingTwiceIsHarmless() {
    Scorer scorer = scorer();
    scorer.close();
    scorer.close();
  }
}
