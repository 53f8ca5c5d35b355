package ai.tao.api;

import java.util.ArrayList;
import java.util.List;

/** Small builders of valid values shared by the tests. */
final class Fixtures {
  private Fixtures() {}

  static Completion completion(String text) {
    int[] ids = new int[text.length()];
    float[] logProbs = new float[text.length()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = text.charAt(i);
      logProbs[i] = -0.5f;
    }
    return new Completion(text, ids, logProbs, FinishReason.EOS);
  }

  static CandidateGroup group(String promptId, String... candidateTexts) {
    List<Completion> candidates = new ArrayList<>();
    for (String t : candidateTexts) {
      candidates.add(completion(t));
    }
    return new CandidateGroup(Prompt.ofText(promptId, "prompt " + promptId), candidates);
  }
}
