package ai.tao.rewards;

import static ai.tao.rewards.TestGroups.texts;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonValidScorerTest extends ScorerContract {

  private static final String[] TEXTS = {
    "{\"a\": 1}",
    "  [1, 2]\n",
    "7",
    "not json",
    "{\"a\": 1} and then prose",
    "Here you go:\n```json\n{\"b\": 2}\n```\nDone.",
    "{\"a\": [1, 2}",
    "",
  };

  @Override
  protected Scorer scorer() {
    return JsonValidScorer.builder().build();
  }

  @Test
  void wholeTextMustBeAnObjectOrArray() {
    List<Score> scores = JsonValidScorer.builder().build().score(texts(TEXTS));

    assertThat(values(scores)).containsExactly(1, 1, 0, 0, 0, 0, 0, 0);
    assertThat(scores.get(2).reason()).contains("bare number");
    assertThat(scores.get(3).reason()).startsWith("invalid JSON");
    assertThat(scores.get(4).reason()).startsWith("invalid JSON");
    assertThat(scores.get(7).reason()).contains("empty");
  }

  @Test
  void autoExtractionFindsFencedAndEmbeddedJson() {
    JsonValidScorer auto =
        JsonValidScorer.builder().extraction(JsonValidScorer.Extraction.AUTO).build();

    // "not json" has no block, so AUTO falls back to the whole text, which does not parse.
    assertThat(values(auto.score(texts(TEXTS)))).containsExactly(1, 1, 0, 0, 1, 1, 0, 0);
  }

  @Test
  void fencedAndFirstBlockExtractionsAreStrictAboutWhatTheyNeed() {
    JsonValidScorer fenced =
        JsonValidScorer.builder().extraction(JsonValidScorer.Extraction.FENCED).build();
    JsonValidScorer block =
        JsonValidScorer.builder().extraction(JsonValidScorer.Extraction.FIRST_BLOCK).build();

    assertThat(values(fenced.score(texts(TEXTS)))).containsExactly(0, 0, 0, 0, 0, 1, 0, 0);
    assertThat(values(block.score(texts(TEXTS)))).containsExactly(1, 1, 0, 0, 1, 1, 0, 0);
    assertThat(block.score(texts("x {\"s\": \"}\"} y")).get(0).value()).isEqualTo(1.0);
  }

  @Test
  void requiredKeysMustBeTopLevelKeysOfAnObject() {
    JsonValidScorer keys = JsonValidScorer.builder().requiredKeys(Set.of("a", "b")).build();

    List<Score> scores = keys.score(texts(
        "{\"a\": 1, \"b\": null}", "{\"a\": 1}", "{\"c\": {\"a\": 1, \"b\": 2}}", "[1]"));

    assertThat(values(scores)).containsExactly(1, 0, 0, 0);
    assertThat(scores.get(1).reason()).contains("[b]");
    assertThat(scores.get(2).reason()).contains("[a, b]");
    assertThat(scores.get(3).reason()).contains("not an object");
  }

  @Test
  void scalarsCanBeAllowed() {
    JsonValidScorer scalars = JsonValidScorer.builder().allowScalars(true).build();
    assertThat(values(scalars.score(texts("7", "\"s\"", "null", "seven"))))
        .containsExactly(1, 1, 1, 0);
  }

  @Test
  void toBuilderKeepsSettings() {
    JsonValidScorer s = JsonValidScorer.builder()
        .extraction(JsonValidScorer.Extraction.AUTO).requiredKey("a").allowScalars(true).build();
    assertThat(s.toBuilder().build().toString()).isEqualTo(s.toString());
  }
}
