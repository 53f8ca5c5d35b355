package ai.tao.benchmarks.suite;

import ai.tao.api.Generator;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.demo.DemoOptions;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.LabeledExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One task of the suite, as its demo builds it: the base, the held-out evaluation, the label-free
 * rewards, and the label sets the baselines train on. A mix of tasks measures several
 * {@link #parts() parts} with the same runs; a single task has one part, itself.
 *
 * <p>Everything that reads a gold answer is named for it: {@link #passAt1}, {@link #majorityAtN},
 * the label sets, and {@link #correct}, which the suite uses for reward precision only.
 */
public interface SuiteTask extends AutoCloseable {
  /** The variant every task offers as its control: rewards drawn at random. */
  String RANDOM = "random";

  /** Stable identifier: {@code sql}, {@code docqa}, {@code multitask}. */
  String name();

  String title();

  /** What the accuracies are measured on: {@code [name()]}, or each task of a mix. */
  List<String> parts();

  /** How a held-out answer of {@code part} is judged. */
  String grading(String part);

  /** Held-out questions of {@code part} that the accuracies are measured on. */
  int heldout(String part);

  /** A fresh copy of the base model ({@code scratch} for any files it needs). */
  DecoderPolicy base(Path scratch);

  /** Greedy held-out pass@1 of each part (gold answers read here). */
  Map<String, Double> passAt1(DecoderPolicy policy);

  /** Held-out majority@n of each part, sampling as TAO does with {@code opt}. */
  Map<String, Double> majorityAtN(DecoderPolicy policy, DemoOptions opt);

  /** The label-free rewards of TAO's Table 3 rows, by label; the first is the task's main one. */
  List<String> variants();

  /** A new scorer for {@code variant} (one of {@link #variants()} or {@link #RANDOM}); the caller closes it. */
  Scorer scorer(String variant);

  /** TAO's sampler with {@code opt}'s group size, temperature and filters. */
  Generator generator(DemoOptions opt);

  /** TAO's prompts: production inputs, no answers. */
  PromptSource prompts();

  /** Every label text of the task's data, which no TAO prompt may carry. */
  List<String> labelTexts();

  /** The cheap baseline's labels: more documentation labels. */
  List<LabeledExample> docLabels();

  /** The expensive oracle's labels: labeled production questions. */
  List<LabeledExample> oracleLabels();

  /**
   * {@code k} labeled production questions for the label-equivalence curve: a prefix of one fixed
   * order, so a larger K holds every smaller one (split evenly over a mix's tasks).
   */
  List<LabeledExample> productionLabels(int k);

  /** Held-out prompts the inference speed is measured on (their answers are not read). */
  List<Prompt> speedPrompts();

  /** The longest answer TAO samples. */
  int maxNewTokens();

  /**
   * Whether {@code completion} answers production training prompt {@code prompt} correctly, by its
   * gold answer: reward precision, for the report only, never fed back to training.
   */
  boolean correct(Prompt prompt, String completion);

  @Override
  default void close() {}

  /**
   * {@code labeled} in the one fixed order (a shuffle with seed 7) that {@link #productionLabels}
   * takes prefixes of, so K labels mix the kinds of question as the whole set does.
   */
  static List<LabeledExample> fixedOrder(List<LabeledExample> labeled) {
    List<LabeledExample> p = new ArrayList<>(labeled);
    Collections.shuffle(p, new Random(7));
    return List.copyOf(p);
  }
}
