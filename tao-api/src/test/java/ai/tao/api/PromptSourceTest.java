package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptSourceTest {

  @Test
  void fixedSourceReturnsSamePromptsEveryRound() {
    List<Prompt> prompts = new ArrayList<>(List.of(Prompt.ofText("a", "x"), Prompt.ofText("b", "y")));
    PromptSource source = PromptSource.of(prompts);
    prompts.clear();

    assertThat(source.prompts(0)).extracting(Prompt::id).containsExactly("a", "b");
    assertThat(source.prompts(5)).isEqualTo(source.prompts(0));
    assertThat(source.describe()).contains("2 prompts");
  }

  @Test
  void fixedSourceRejectsEmptyListAndNegativeRound() {
    assertThatThrownBy(() -> PromptSource.of(List.of())).isInstanceOf(DataInputException.class);
    PromptSource source = PromptSource.of(List.of(Prompt.ofText("a", "x")));
    assertThatThrownBy(() -> source.prompts(-1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void aFlywheelSourceCanVaryByRound() {
    PromptSource flywheel = round -> List.of(Prompt.ofText("r" + round, "prompt of round " + round));
    assertThat(flywheel.prompts(3).get(0).id()).isEqualTo("r3");
    assertThat(flywheel.describe()).isNotBlank();
  }
}
