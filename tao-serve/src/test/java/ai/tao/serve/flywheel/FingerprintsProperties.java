package ai.tao.serve.flywheel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.tao.api.Prompt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class FingerprintsProperties {
  static final Fingerprints PRINTS = new Fingerprints(3, 128);

  /** Exact Jaccard similarity of padded word 3-shingles, written out plainly as a reference. */
  static double jaccard(List<String> a, List<String> b) {
    Set<List<String>> sa = shingles(a);
    Set<List<String>> sb = shingles(b);
    Set<List<String>> both = new HashSet<>(sa);
    both.retainAll(sb);
    Set<List<String>> union = new HashSet<>(sa);
    union.addAll(sb);
    return (double) both.size() / union.size();
  }

  static Set<List<String>> shingles(List<String> words) {
    List<String> padded = new ArrayList<>(List.of("^", "^"));
    padded.addAll(words);
    padded.addAll(List.of("$", "$"));
    Set<List<String>> out = new HashSet<>();
    for (int i = 0; i + 3 <= padded.size(); i++) {
      out.add(List.copyOf(padded.subList(i, i + 3)));
    }
    return out;
  }

  @Provide
  Arbitrary<List<String>> sentences() {
    return Arbitraries.of("sales", "revenue", "list", "show", "employees", "department", "in", "the", "of", "2023",
        "average", "salary", "by", "city", "manager", "total", "who", "what", "orders", "month").list()
        .ofMinSize(5).ofMaxSize(40);
  }

  @Property(tries = 200)
  void theMinHashEstimateStaysNearTheExactJaccardSimilarity(@ForAll("sentences") List<String> words,
      @ForAll @IntRange(min = 0, max = 39) int at, @ForAll("sentences") List<String> other) {
    List<String> edited = new ArrayList<>(words);
    edited.set(at % words.size(), "changed");
    for (List<String> b : List.of(edited, other)) {
      double estimate = Fingerprints.similarity(sig(words), sig(b));
      assertThat(estimate).isCloseTo(jaccard(words, b), offset(0.2)); // ~5 sigma
    }
  }

  static int[] sig(List<String> words) {
    return PRINTS.of(Prompt.ofText("p", String.join(" ", words))).signature();
  }
}
