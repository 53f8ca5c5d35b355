package ai.tao.benchmarks.sql;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.core.train.LabeledExample;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlSandbox;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text-to-SQL demo: the enterprise situation in miniature. A company documents its database with
 * example questions and their SQL; a model trained on those examples then meets production users, who
 * ask the same things in their own words. TAO tunes the model on the production questions alone,
 * without their SQL.
 *
 * <p>Five splits, drawn deterministically from the seed, no question in two of them:
 *
 * <ul>
 *   <li>{@link #docTrain()}: documentation pairs, question and gold SQL, to train the base model;
 *   <li>{@link #docExtra()}: more documentation pairs, for the "just label more docs" baseline;
 *   <li>{@link #prodTrain()}: production questions for TAO; it gets them through {@link
 *       #prodTrainPrompts()} or {@link #writeJsonl}, never with their SQL;
 *   <li>{@link #prodOracle()}: labelled production pairs, as many as prodTrain, for the "label
 *       production traffic" upper baseline;
 *   <li>{@link #prodHeldout()}: production questions to evaluate on, about slot combinations that no
 *       training split asks about with the same intent.
 * </ul>
 *
 * <p>Questions name their values verbatim (department and city names as stored, numbers as digits)
 * and the gold SQL uses exactly those literals, so a label-free scorer can check that a candidate's
 * literals are grounded in the question. Every gold query gives a real answer on the database: at
 * least one row, and not a lone NULL or 0. The SQL style is one for all: see {@link SqlIntents}, e.g.
 * {@code SELECT name FROM emp WHERE dept_id IN (SELECT id FROM dept WHERE name='sales') AND
 * salary>7000}. Immutable.
 *
 * @since 0.1
 */
public final class SqlDataset {
  private static final Logger LOG = LoggerFactory.getLogger(SqlDataset.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CompanyDatabase schema;
  private final long seed;
  private final List<SqlTask> docTrain;
  private final List<SqlTask> docExtra;
  private final List<SqlTask> prodTrain;
  private final List<SqlTask> prodOracle;
  private final List<SqlTask> prodHeldout;

  private SqlDataset(CompanyDatabase schema, long seed, List<List<SqlTask>> doc, List<List<SqlTask>> prod,
      List<SqlTask> heldout) {
    this.schema = schema;
    this.seed = seed;
    this.docTrain = List.copyOf(doc.get(0));
    this.docExtra = List.copyOf(doc.get(1));
    this.prodTrain = List.copyOf(prod.get(0));
    this.prodOracle = List.copyOf(prod.get(1));
    this.prodHeldout = List.copyOf(heldout);
  }

  /** The dataset with default sizes over {@link CompanyDatabase#generate(long) CompanyDatabase.generate(seed)}. */
  public static SqlDataset generate(long seed) {
    return builder().seed(seed).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Split sizes and the seed. */
  public static final class Builder {
    /** Seeds both the rows (unless {@link #schema} is given) and the draws. Default 0. */
    private long seed = 0;
    /** The database; default {@code CompanyDatabase.generate(seed)}. */
    private CompanyDatabase schema;
    /** Documentation pairs to train the base model on. Default 600. */
    private int docTrain = 600;
    /** Further documentation pairs for the more-doc-labels baseline. Default 600. */
    private int docExtra = 600;
    /** Production questions for TAO, and as many labelled ones for the oracle. Default 400. */
    private int prodTrain = 400;
    /** Production questions to evaluate on. Default 200. */
    private int prodHeldout = 200;
    /**
     * Share of each intent's slot combinations kept for prodHeldout only. Default 0.25: enough
     * distinct held-out questions while training still sees most combinations.
     */
    private double heldoutFraction = 0.25;

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder schema(CompanyDatabase schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
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

    public Builder heldoutFraction(double fraction) {
      this.heldoutFraction = fraction;
      return this;
    }

    /**
     * Draws the splits, running each gold query once on a private database.
     *
     * @throws ConfigurationException if a size is negative or the fraction is not in (0, 1)
     * @throws DataInputException if the intents cannot supply that many distinct questions
     */
    public SqlDataset build() {
      for (Map.Entry<String, Integer> e :
          Map.of("docTrain", docTrain, "docExtra", docExtra, "prodTrain", prodTrain,
              "prodHeldout", prodHeldout).entrySet()) {
        if (e.getValue() < 0) {
          throw new ConfigurationException(e.getKey() + " must be >= 0, got " + e.getValue());
        }
      }
      if (!(heldoutFraction > 0 && heldoutFraction < 1)) {
        throw new ConfigurationException("heldoutFraction must be in (0, 1), got " + heldoutFraction);
      }
      CompanyDatabase db = schema != null ? schema : CompanyDatabase.generate(seed);
      try (H2Database h2 = H2Database.fromScript(db.script())) {
        SqlTaskSampler sampler =
            new SqlTaskSampler(db, SqlIntents.ALL, heldoutFraction, new Random(seed), SqlSandbox.of(h2));
        // Held-out first (it has its own combinations), then docTrain, so that the base model gets
        // every documentation question of the intents with few combinations; docExtra gets what
        // is left, as a company that labels more docs runs out of simple questions first.
        List<SqlTask> heldout =
            sampler.draw(SqlTaskSampler.Pool.HELDOUT, List.of("prodHeldout"), prodHeldout).get(0);
        List<SqlTask> docFirst =
            sampler.draw(SqlTaskSampler.Pool.DOC, List.of("docTrain"), docTrain).get(0);
        List<List<SqlTask>> prod =
            sampler.draw(SqlTaskSampler.Pool.PROD, List.of("prodTrain", "prodOracle"), prodTrain);
        List<SqlTask> docMore =
            sampler.draw(SqlTaskSampler.Pool.DOC, List.of("docExtra"), docExtra).get(0);
        SqlDataset dataset = new SqlDataset(db, seed, List.of(docFirst, docMore), prod, heldout);
        LOG.info("{}", dataset.summary());
        return dataset;
      }
    }
  }

  public CompanyDatabase schema() {
    return schema;
  }

  public long seed() {
    return seed;
  }

  public List<SqlTask> docTrain() {
    return docTrain;
  }

  public List<SqlTask> docExtra() {
    return docExtra;
  }

  public List<SqlTask> prodTrain() {
    return prodTrain;
  }

  public List<SqlTask> prodOracle() {
    return prodOracle;
  }

  public List<SqlTask> prodHeldout() {
    return prodHeldout;
  }

  /** The intent names, in catalogue order. */
  public static List<String> intents() {
    return SqlIntents.ALL.stream().map(SqlIntent::name).toList();
  }

  /**
   * The prodTrain questions as TAO prompts: the task id and the {@link SqlPromptFormat#render
   * rendered} question, no metadata. Nothing of the gold SQL or the intent goes along.
   */
  public List<Prompt> prodTrainPrompts() {
    return prompts(prodTrain);
  }

  /** {@code tasks} as prompts, as {@link #prodTrainPrompts()} makes them. */
  public static List<Prompt> prompts(List<SqlTask> tasks) {
    return tasks.stream()
        .map(t -> Prompt.ofText(t.id(), SqlPromptFormat.render(t.question())))
        .toList();
  }

  /** {@code tasks} as SFT examples: the rendered question, and the gold SQL with the newline that ends an answer. */
  public static List<LabeledExample> sftExamples(List<SqlTask> tasks) {
    return tasks.stream()
        .map(t -> new LabeledExample(Prompt.ofText(t.id(), SqlPromptFormat.render(t.question())),
            SqlPromptFormat.target(t.goldSql())))
        .toList();
  }

  /** {@code tasks} for evaluation: the rendered question, and the gold SQL as the reference a grader runs. */
  public static List<LabeledExample> evalExamples(List<SqlTask> tasks) {
    return tasks.stream()
        .map(t -> new LabeledExample(Prompt.ofText(t.id(), SqlPromptFormat.render(t.question())), t.goldSql()))
        .toList();
  }

  /**
   * Writes {@code tasks} as a prompt file, one {@code {"id": ..., "prompt": ...}} line each with the
   * rendered question, readable by {@code ai.tao.core.data.PromptFiles}: the flywheel's input. The
   * gold SQL is not written.
   *
   * @throws DataInputException if the file cannot be written
   */
  public static void writeJsonl(Path file, List<SqlTask> tasks) {
    Objects.requireNonNull(file, "file");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Prompt p : prompts(tasks)) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", p.id());
        line.put("prompt", p.text());
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new DataInputException("cannot write prompt file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Split sizes and tasks per intent, for logs. */
  public String summary() {
    Map<String, int[]> perIntent = new TreeMap<>();
    List<List<SqlTask>> splits = List.of(docTrain, docExtra, prodTrain, prodOracle, prodHeldout);
    for (int s = 0; s < splits.size(); s++) {
      for (SqlTask t : splits.get(s)) {
        perIntent.computeIfAbsent(t.intent(), k -> new int[splits.size()])[s]++;
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(
        "SQL demo dataset (seed %d, %d intents): docTrain %d, docExtra %d, prodTrain %d,"
            + " prodOracle %d, prodHeldout %d%n",
        seed, SqlIntents.ALL.size(), docTrain.size(), docExtra.size(), prodTrain.size(),
        prodOracle.size(), prodHeldout.size()));
    sb.append(String.format("  %-26s %8s %8s %9s %10s %11s%n",
        "intent", "docTrain", "docExtra", "prodTrain", "prodOracle", "prodHeldout"));
    for (Map.Entry<String, int[]> e : perIntent.entrySet()) {
      int[] n = e.getValue();
      sb.append(String.format(
          "  %-26s %8d %8d %9d %10d %11d%n", e.getKey(), n[0], n[1], n[2], n[3], n[4]));
    }
    return sb.toString().stripTrailing();
  }
}
