package ai.tao.benchmarks.docqa;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.core.train.LabeledExample;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Document question answering, the FinanceBench situation in miniature. A team documents how to
 * read its statements with example questions and their answers; a model trained on those then
 * meets production users, who ask the same things in their own words (see {@link DocQaPhrasings}).
 * TAO tunes the model on the production prompts alone, without their answers.
 *
 * <p>Each question comes with its own freshly drawn {@link Statement}, so answers are never
 * remembered, only read or computed. Five splits, drawn deterministically from the seed, no
 * prompt in two of them:
 *
 * <ul>
 *   <li>{@link #docTrain()}: documentation questions with answers, to train the base model;
 *   <li>{@link #docExtra()}: more of them, to validate the base (its first 200) and for the "just
 *       label more docs" baseline;
 *   <li>{@link #prodTrain()}: production questions for TAO, which gets them through {@link
 *       #prodTrainPrompts()} or {@link #writeJsonl}, never with their answers;
 *   <li>{@link #prodOracle()}: labelled production questions, as many as prodTrain, for the "label
 *       production traffic" upper baseline;
 *   <li>{@link #prodHeldout()}: production questions to evaluate on.
 * </ul>
 *
 * <p>Each split draws from its own random stream (seed and split), so the documentation splits do not
 * depend on the production phrasings: rewording production leaves the base model's training data as
 * it was. The three {@link QuestionKind kinds} are equally likely, templates and line items uniform
 * within a kind. Immutable.
 *
 * @since 0.3
 */
public final class DocQaDataset {
  private static final Logger LOG = LoggerFactory.getLogger(DocQaDataset.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The metadata key and value every prompt of this task carries, for a multi-task router. */
  public static final String TASK_KEY = "task";
  public static final String TASK = "docqa";

  private static final List<LineItem> BELOW_REVENUE =
      List.of(LineItem.COST_OF_GOODS_SOLD, LineItem.OPERATING_EXPENSES, LineItem.NET_PROFIT);

  private final long seed;
  private final Map<String, List<DocQaTask>> splits;

  private DocQaDataset(long seed, Map<String, List<DocQaTask>> splits) {
    this.seed = seed;
    this.splits = splits;
  }

  /** The dataset with default sizes. */
  public static DocQaDataset generate(long seed) {
    return builder().seed(seed).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Split sizes and the seed. */
  public static final class Builder {
    /** Seeds every draw. Default 0. */
    private long seed = 0;
    /**
     * Documentation questions to train the base model on. Default 4000: statements are free to
     * draw, and the arithmetic needs many examples for a small model to generalise rather than guess.
     */
    private int docTrain = 4000;
    /** Further documentation questions: validation (the first 200) and the more-doc-labels baseline. Default 1000. */
    private int docExtra = 1000;
    /** Production questions for TAO, and as many labelled ones for the oracle. Default 400. */
    private int prodTrain = 400;
    /** Production questions to evaluate on. Default 200. */
    private int prodHeldout = 200;

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder docTrain(int n) {
      this.docTrain = n;
      return this;
    }

    public Builder docExtra(int n) {
      this.docExtra = n;
      return this;
    }

    /** Size of prodTrain and of prodOracle. */
    public Builder prodTrain(int n) {
      this.prodTrain = n;
      return this;
    }

    public Builder prodHeldout(int n) {
      this.prodHeldout = n;
      return this;
    }

    /**
     * Draws the splits.
     *
     * @throws ConfigurationException if a size is negative
     */
    public DocQaDataset build() {
      Map<String, Integer> sizes = new LinkedHashMap<>();
      sizes.put("docTrain", docTrain);
      sizes.put("docExtra", docExtra);
      sizes.put("prodHeldout", prodHeldout);
      sizes.put("prodTrain", prodTrain);
      sizes.put("prodOracle", prodTrain);
      Set<String> usedPrompts = new HashSet<>();
      Map<String, List<DocQaTask>> splits = new LinkedHashMap<>();
      int stream = 0;
      for (Map.Entry<String, Integer> e : sizes.entrySet()) {
        if (e.getValue() < 0) {
          throw new ConfigurationException(e.getKey() + " must be >= 0, got " + e.getValue());
        }
        String phrasing = e.getKey().startsWith("doc") ? DocQaTask.DOC : DocQaTask.PROD;
        // One stream per split: the documentation splits never depend on the production phrasings.
        Random rng = new Random(seed * 1_000_003L + 7919L * ++stream);
        List<DocQaTask> tasks = new ArrayList<>(e.getValue());
        while (tasks.size() < e.getValue()) {
          DocQaTask t = draw(String.format("%s-%04d", e.getKey(), tasks.size()), phrasing, rng);
          if (usedPrompts.add(t.prompt())) {
            tasks.add(t);
          }
        }
        splits.put(e.getKey(), List.copyOf(tasks));
      }
      DocQaDataset d = new DocQaDataset(seed, splits);
      LOG.info("{}", d.summary());
      return d;
    }
  }

  private static DocQaTask draw(String id, String phrasing, Random rng) {
    Statement s = StatementGenerator.draw(rng);
    QuestionKind kind = QuestionKind.values()[rng.nextInt(QuestionKind.values().length)];
    List<String> templates = DocQaPhrasings.templates(phrasing, kind);
    String template = templates.get(rng.nextInt(templates.size()));
    LineItem a;
    LineItem b = null;
    switch (kind) {
      case FIGURE -> a = LineItem.values()[rng.nextInt(LineItem.values().length)];
      case PERCENT_OF_REVENUE -> a = BELOW_REVENUE.get(rng.nextInt(BELOW_REVENUE.size()));
      default -> {
        List<LineItem[]> pairs = new ArrayList<>();
        for (LineItem x : LineItem.values()) {
          for (LineItem y : LineItem.values()) {
            if (s.value(x) > s.value(y)) {
              pairs.add(new LineItem[] {x, y});
            }
          }
        }
        LineItem[] p = pairs.get(rng.nextInt(pairs.size()));
        a = p[0];
        b = p[1];
      }
    }
    String question = DocQaPhrasings.fill(template, phrasing, s, a, b, rng);
    return new DocQaTask(id, s, question, kind.answer(s, a, b), kind, a, Optional.ofNullable(b), phrasing);
  }

  public long seed() {
    return seed;
  }

  public List<DocQaTask> docTrain() {
    return splits.get("docTrain");
  }

  public List<DocQaTask> docExtra() {
    return splits.get("docExtra");
  }

  public List<DocQaTask> prodTrain() {
    return splits.get("prodTrain");
  }

  public List<DocQaTask> prodOracle() {
    return splits.get("prodOracle");
  }

  public List<DocQaTask> prodHeldout() {
    return splits.get("prodHeldout");
  }

  /** Every split by name, in drawing order. */
  public Map<String, List<DocQaTask>> splits() {
    return splits;
  }

  /** The prodTrain questions as TAO prompts: statement and question, and {@code task=docqa}. No answer. */
  public List<Prompt> prodTrainPrompts() {
    return prompts(prodTrain());
  }

  /** {@code tasks} as prompts, as {@link #prodTrainPrompts()} makes them. */
  public static List<Prompt> prompts(List<DocQaTask> tasks) {
    return tasks.stream().map(DocQaDataset::prompt).toList();
  }

  private static Prompt prompt(DocQaTask t) {
    return Prompt.ofText(t.id(), t.prompt()).withMetadata(TASK_KEY, TASK);
  }

  /** {@code tasks} as SFT examples: the prompt, and the {@link DocQaTask#workedAnswer() worked answer} with the newline that ends it. */
  public static List<LabeledExample> sftExamples(List<DocQaTask> tasks) {
    return tasks.stream().map(t -> new LabeledExample(prompt(t), DocQaPromptFormat.target(t.workedAnswer()))).toList();
  }

  /** {@code tasks} for evaluation: the prompt, and the number asked for as the reference {@link DocQaGrader} reads. */
  public static List<LabeledExample> evalExamples(List<DocQaTask> tasks) {
    return tasks.stream().map(t -> new LabeledExample(prompt(t), t.answerText())).toList();
  }

  /**
   * Writes {@code tasks} as a prompt file, one {@code {"id", "prompt", "metadata"}} line each,
   * readable by {@code ai.tao.core.data.PromptFiles}. The answers are not written.
   *
   * @throws DataInputException if the file cannot be written
   */
  public static void writeJsonl(Path file, List<DocQaTask> tasks) {
    Objects.requireNonNull(file, "file");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Prompt p : prompts(tasks)) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", p.id());
        line.put("prompt", p.text());
        ObjectNode meta = line.putObject("metadata");
        p.metadata().forEach(meta::put);
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new DataInputException("cannot write prompt file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Split sizes and questions per kind, for logs. */
  public String summary() {
    StringBuilder sb = new StringBuilder(String.format("DocQA dataset (seed %d):%n  %-20s", seed, "kind"));
    splits.keySet().forEach(k -> sb.append(String.format(" %11s", k)));
    sb.append('\n');
    for (QuestionKind kind : QuestionKind.values()) {
      sb.append(String.format("  %-20s", kind.name().toLowerCase()));
      for (List<DocQaTask> tasks : splits.values()) {
        sb.append(String.format(" %11d", tasks.stream().filter(t -> t.kind() == kind).count()));
      }
      sb.append('\n');
    }
    return sb.toString().stripTrailing();
  }
}
