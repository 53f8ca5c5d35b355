package ai.tao.core;

import ai.tao.core.tokenizer.TextTokenizer;
import java.util.OptionalInt;
import java.util.Set;

/** Test tokenizer: letters a–h are ids 0–7, BOS 8, EOS 9. */
public final class LetterTokenizer implements TextTokenizer {
  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    int[] ids = new int[text.length() + (addSpecialTokens ? 1 : 0)];
    int o = 0;
    if (addSpecialTokens) {
      ids[o++] = 8;
    }
    for (char c : text.toCharArray()) {
      if (c < 'a' || c > 'h') {
        throw new IllegalArgumentException("letter " + c);
      }
      ids[o++] = c - 'a';
    }
    return ids;
  }

  @Override
  public String decode(int[] ids, boolean skipSpecialTokens) {
    StringBuilder sb = new StringBuilder();
    for (int id : ids) {
      if (id < 8) {
        sb.append((char) ('a' + id));
      } else if (!skipSpecialTokens) {
        sb.append(id == 8 ? "<s>" : "</s>");
      }
    }
    return sb.toString();
  }

  @Override
  public int vocabSize() {
    return 10;
  }

  @Override
  public OptionalInt bosId() {
    return OptionalInt.of(8);
  }

  @Override
  public Set<Integer> eosIds() {
    return Set.of(9);
  }

  @Override
  public OptionalInt padId() {
    return OptionalInt.empty();
  }
}
