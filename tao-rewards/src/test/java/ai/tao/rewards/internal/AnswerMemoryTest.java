package ai.tao.rewards.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerMemoryTest {

  @Test
  void countsEachWinnerAmongOtherQuestionsBeforeRememberingThisOne() {
    AnswerMemory memory = new AnswerMemory(8);
    assertThat(memory.recall("p1", "s1", Set.of("30", "7"))).containsEntry("30", 0).containsEntry("7", 0);
    assertThat(memory.recall("p2", "s2", Set.of("30"))).containsEntry("30", 1);
    assertThat(memory.recall("p3", "s3", Set.of("30", "7", "9")))
        .containsEntry("30", 2).containsEntry("7", 1).containsEntry("9", 0);
    assertThat(memory.size()).isEqualTo(3);
  }

  @Test
  void theSamePromptOrTheSameQuestionIsNoEvidence() {
    AnswerMemory memory = new AnswerMemory(8);
    memory.recall("p1", "s1", Set.of("30"));
    assertThat(memory.recall("p1", "s1", Set.of("30"))).containsEntry("30", 0); // replaces, not adds
    assertThat(memory.recall("p2", "s1", Set.of("30"))).containsEntry("30", 0); // same signature
    assertThat(memory.recall("p3", "s3", Set.of("30"))).containsEntry("30", 2);
    assertThat(memory.size()).isEqualTo(3);
  }

  @Test
  void keepsTheLastPromptsOnly() {
    AnswerMemory memory = new AnswerMemory(2);
    memory.recall("p1", "s1", Set.of("30"));
    memory.recall("p2", "s2", Set.of("8"));
    memory.recall("p3", "s3", Set.of("9")); // p1 dropped
    assertThat(memory.recall("p4", "s4", Set.of("30"))).containsEntry("30", 0);
    assertThat(memory.size()).isEqualTo(2);

    AnswerMemory none = new AnswerMemory(0);
    none.recall("p1", "s1", Set.of("30"));
    assertThat(none.recall("p2", "s2", Set.of("30"))).containsEntry("30", 0);
    assertThat(none.size()).isZero();
    assertThatThrownBy(() -> new AnswerMemory(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
