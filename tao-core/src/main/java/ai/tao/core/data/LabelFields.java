package ai.tao.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recognises field names that look like they hold a label: a gold answer, an expected output, a
 * preferred completion.
 *
 * <p>A name is label-like when any of its words is one of {@link PromptFiles#LABEL_WORDS}; words are
 * split at non-alphanumerics and at camelCase humps, so {@code gold}, {@code gold_sql},
 * {@code goldSql}, {@code expected-output} and {@code Answer} all match. A false alarm costs the
 * user one {@code ignoreFields} entry; a miss would let a label reach the prompt, so the net is cast
 * wide on purpose.
 */
final class LabelFields {
  private LabelFields() {}

  static boolean isLabelLike(String fieldName) {
    for (String word : words(fieldName)) {
      if (PromptFiles.LABEL_WORDS.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Lower-case words of a field name, split at non-alphanumerics and lower-to-upper humps. */
  static List<String> words(String fieldName) {
    String spaced = fieldName.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
    List<String> words = new ArrayList<>();
    for (String w : spaced.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }
}
