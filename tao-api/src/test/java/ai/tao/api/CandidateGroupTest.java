package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateGroupTest {

  @Test
  void sizeAndIndexFollowSamplingOrder() {
    CandidateGroup g = Fixtures.group("p", "a", "bb", "ccc");
    assertThat(g.size()).isEqualTo(3);
    assertThat(g.candidate(2).text()).isEqualTo("ccc");
  }

  @Test
  void rejectsEmptyGroupNamingThePrompt() {
    assertThatThrownBy(() -> new CandidateGroup(Prompt.ofText("p42", "x"), List.of()))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("p42");
  }

  @Test
  void candidatesAreCopied() {
    List<Completion> list = new ArrayList<>(List.of(Fixtures.completion("a")));
    CandidateGroup g = new CandidateGroup(Prompt.ofText("p", "x"), list);
    list.add(Fixtures.completion("b"));
    assertThat(g.size()).isEqualTo(1);
    assertThatThrownBy(() -> g.candidates().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
