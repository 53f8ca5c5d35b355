package ai.tao.benchmarks.flywheel;

import ai.tao.api.Scorer;
import ai.tao.benchmarks.demo.DemoConfig;
import ai.tao.benchmarks.demo.DemoModel;
import ai.tao.benchmarks.demo.DemoOptions;
import ai.tao.benchmarks.demo.DemoScorers;
import ai.tao.benchmarks.demo.LabelAudit;
import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.benchmarks.sql.SqlPromptFormat;
import ai.tao.benchmarks.sql.SqlTask;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.Trainers;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlExecutionScorer;
import ai.tao.rewards.sql.SqlResultGrader;
import ai.tao.serve.Gateway;
import ai.tao.serve.flywheel.Flywheel;
import ai.tao.serve.flywheel.TablePromptSource;
import ai.tao.serve.flywheel.TurnReport;
import ai.tao.serve.langchain4j.InferenceCaptureListener;
import ai.tao.serve.langchain4j.PolicyChatModel;
import ai.tao.serve.registry.ModelRegistry;
import ai.tao.serve.registry.ModelVersion;
import ai.tao.serve.registry.Registration;
import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceRow;
import ai.tao.serve.table.InferenceTable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The flywheel end to end on the SQL demo: serve the base, capture an app's traffic, tune on it,
 * promote through the gate, and answer with the new version.
 *
 * <ol>
 *   <li>The SQL demo's base goes into a {@link ModelRegistry} as {@code v0001} and is promoted. Its
 *       folder gets the app's chat format ({@code chat_template.jinja}: the user's text as is), so
 *       chat traffic reaches the model in the format it was trained on.
 *   <li>A {@link Gateway} serves it, capturing every request into an {@link InferenceTable}.
 *   <li>Production questions arrive: half from a plain HTTP client ({@code /v1/completions}), half
 *       from a langchain4j app that runs the model in process ({@link PolicyChatModel}) with the
 *       {@link InferenceCaptureListener} on it, into the same table.
 *   <li>One {@link Flywheel} turn reads the table (PII scrub, near duplicates), holds out a fifth
 *       for the gate, runs one TAO round with the demo's label-free {@code sql-consensus} reward,
 *       and the gate compares candidate and base on the held-out captured prompts with that reward.
 *       If it passes, the registry promotes it and the gateway hot-swaps to it.
 *   <li>Held-out production questions, graded by executing the gold SQL, measure the served model
 *       before and after, through a second gateway of the same version that captures nothing (so
 *       no evaluation question ever reaches a flywheel's table).
 * </ol>
 *
 * <p>Usage: {@code SqlFlywheelDemo [--questions N] [--work DIR]} and the demo's experiment options
 * ({@link DemoOptions}: {@code --steps}, {@code --prompts-per-step}, {@code --candidates}, {@code
 * --lr}, {@code --kl}, ...). Writes {@code tao-flywheel-result.json} in the working directory.
 */
public final class SqlFlywheelDemo {
  /** The app's chat format: the user's text as it is (the app's prompt template already made it "Q: ...\nSQL: "). */
  public static final String CHAT_TEMPLATE =
      "{% for m in messages %}{% if m['role'] == 'user' %}{{ m['content'] }}{% endif %}{% endfor %}";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SqlFlywheelDemo() {}

  /**
   * What the run measured.
   *
   * @param baseVersion the version served first
   * @param servedVersion the version the gateway served at the end
   * @param basePassAt1 held-out pass@1 of the base, served
   * @param servedPassAt1 held-out pass@1 of the version served at the end
   * @param httpRows rows the gateway captured from the plain HTTP client
   * @param langchain4jRows rows the listener captured from the langchain4j app
   * @param labelsSeen gold SQL strings the flywheel's scorer and prompts carried (must be 0)
   * @param turn the flywheel turn's report
   * @param seconds wall-clock time
   */
  public record Result(String baseVersion, String servedVersion, double basePassAt1, double servedPassAt1,
      long httpRows, long langchain4jRows, long labelsSeen, TurnReport turn, double seconds) {}

  /**
   * Everything {@link #run} needs besides the options: the folder it works in and how many
   * production questions the app sends (the first of {@code prodTrain}).
   */
  public record Setup(Path work, int questions) {}

  /**
   * What the run leaves open for a caller that goes on (a test that rejects and rolls back); {@link
   * #close()} closes it in order: the gateway (answering what is in flight), the flywheel (the
   * policy it swapped in), the policy the gateway started with, the table (flushing its rows).
   */
  public record Running(ModelRegistry registry, InferenceTable table, Gateway gateway, DecoderPolicy firstServed,
      Flywheel flywheel, Result result) implements AutoCloseable {
    @Override
    public void close() {
      gateway.close();
      flywheel.close();
      firstServed.close();
      table.close();
    }
  }

  public static void main(String[] args) throws IOException {
    int questions = 400;
    Path work = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--questions" -> questions = Integer.parseInt(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        default -> rest.add(args[i]);
      }
    }
    DemoOptions opt = defaults(DemoOptions.parse(rest.toArray(String[]::new)), rest);
    Path dir = work != null ? work : Files.createTempDirectory("tao-flywheel");
    try (Running r = run(opt, new Setup(dir, questions))) {
      Result res = r.result();
      System.out.printf(Locale.ROOT, "served held-out pass@1: %s %.3f -> %s %.3f; captured %d HTTP + %d langchain4j"
          + " rows; labels seen %d; %.0f s%n", res.baseVersion(), res.basePassAt1(), res.servedVersion(),
          res.servedPassAt1(), res.httpRows(), res.langchain4jRows(), res.labelsSeen(), res.seconds());
      Path out = Path.of("tao-flywheel-result.json");
      Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(res)) + "\n");
      System.out.println("wrote " + out.toAbsolutePath() + " (work folder " + dir + ")");
    }
  }

  /** The demo's defaults where the command line gave none: a turn of 60 steps. */
  static DemoOptions defaults(DemoOptions opt, List<String> given) {
    if (!given.contains("--steps")) {
      opt.steps = 60;
    }
    return opt;
  }

  /** Runs the flywheel once; the caller closes what it returns. */
  public static Running run(DemoOptions opt, Setup setup) throws IOException {
    long t0 = System.nanoTime();
    SqlDataset data = SqlDataset.generate(DemoConfig.DATA_SEED);
    List<SqlTask> all = new ArrayList<>(data.docTrain());
    all.addAll(data.docExtra());
    all.addAll(data.prodTrain());
    all.addAll(data.prodOracle());
    all.addAll(data.prodHeldout());
    LabelAudit audit = LabelAudit.forSql(all);

    ModelRegistry registry = ModelRegistry.open(setup.work().resolve("registry"));
    ModelVersion base = registry.register(baseFolder(setup.work().resolve("base")),
        Registration.builder().setting("source", "the SQL demo's committed base (TrainBase)").build());
    registry.promote(base.id());

    InferenceTable table = InferenceTable.open(setup.work().resolve("inference"));
    DecoderPolicy firstServed = registry.load(base, DecoderPolicy::load);
    Gateway gateway;
    try {
      gateway = Gateway.builder().policy(firstServed, base.id()).port(0).inferenceTable(table).build().start();
    } catch (RuntimeException e) {
      firstServed.close();
      table.close();
      throw e;
    }
    Flywheel flywheel = null;
    try (SqlResultGrader grader = SqlResultGrader.h2(data.schema().script())) {
      double before = heldout(registry.current().orElseThrow(), data.prodHeldout(), grader);

      List<SqlTask> traffic = data.prodTrain().subList(0, Math.min(setup.questions(), data.prodTrain().size()));
      int half = traffic.size() / 2;
      new HttpCompletions(gateway.baseUri(), gateway.modelName(), DemoConfig.MAX_SQL_TOKENS, 16)
          .complete(traffic.subList(0, half).stream().map(t -> SqlPromptFormat.render(t.question())).toList());
      long lc4j = langchain4jApp(registry, base, table, traffic.subList(half, traffic.size()));
      table.flush();
      long http = countRows(table, Inference.COMPLETIONS);

      TurnReport report;
      try (SqlReward reward = SqlReward.open(data, audit)) {
        flywheel = flywheel(opt, registry, table, gateway, setup.work(), reward.scorer())
            .trainer(p -> Trainers.grpo().learningRate(opt.learningRate).klCoefficient(opt.kl).microBatchSequences(32)
                .trainer(p))
            .build();
        report = flywheel.turn();
      }
      awaitVersion(gateway, registry.current().orElseThrow().id());
      double after = heldout(registry.current().orElseThrow(), data.prodHeldout(), grader);
      Result result = new Result(base.id(), gateway.version(), before, after, http, lc4j, audit.labelsSeen(), report,
          (System.nanoTime() - t0) / 1e9);
      return new Running(registry, table, gateway, firstServed, flywheel, result);
    } catch (RuntimeException e) {
      gateway.close();
      if (flywheel != null) {
        flywheel.close();
      }
      firstServed.close();
      table.close();
      throw e;
    }
  }

  /**
   * The demo's flywheel over {@code table}, with its intake and run folders under {@code
   * work/flywheel}, the demo's sampling and group, hot-swapping {@code gateway}; the trainer is the
   * builder's default until the caller sets one.
   */
  public static Flywheel.Builder flywheel(DemoOptions opt, ModelRegistry registry, InferenceTable table,
      Gateway gateway, Path work, Scorer scorer) {
    TablePromptSource source = TablePromptSource.builder().table(table)
        .directory(work.resolve("flywheel").resolve("intake")).build();
    return Flywheel.builder().registry(registry).prompts(source).scorer(scorer)
        .sampling(opt.sampling(DemoConfig.MAX_SQL_TOKENS)).promptsPerStep(opt.promptsPerStep).stepsPerTurn(opt.steps)
        .seed(opt.firstSeed).minNewRows(2).workDirectory(work.resolve("flywheel")).gateway(gateway)
        .setting("lr", Double.toString(opt.learningRate)).setting("kl", Double.toString(opt.kl));
  }

  /** The demo's label-free reward ({@code sql-consensus} on its own database), watched by the label audit. */
  public record SqlReward(H2Database db, SqlExecutionScorer exec, Scorer scorer) implements AutoCloseable {
    public static SqlReward open(SqlDataset data, LabelAudit audit) {
      H2Database db = H2Database.fromScript(data.schema().script());
      SqlExecutionScorer exec = Scorers.sqlExecution().database(db).build();
      return new SqlReward(db, exec, audit.watch(DemoScorers.BOTH.create(exec, data.schema(),
          DemoScorers.cues(data).cues())));
    }

    @Override
    public void close() {
      scorer.close();
      exec.close();
      db.close();
    }
  }

  /** The committed SQL base, copied into {@code dir} with the app's chat format beside it. */
  static Path baseFolder(Path dir) throws IOException {
    DemoModel.loadBase(dir).close();
    Files.writeString(dir.resolve("chat_template.jinja"), CHAT_TEMPLATE);
    return dir;
  }

  /**
   * A langchain4j app that runs the model in process: its prompt template makes each user message,
   * the capture listener on its chat model writes each call into {@code table}.
   *
   * @return the rows the listener recorded
   */
  static long langchain4jApp(ModelRegistry registry, ModelVersion version, InferenceTable table, List<SqlTask> tasks) {
    InferenceCaptureListener capture = InferenceCaptureListener.of(table);
    try (DecoderPolicy local = registry.load(version, DecoderPolicy::load)) {
      ChatModel model = PolicyChatModel.builder().policy(local).version(version.id()).listeners(List.of(capture))
          .build();
      for (SqlTask t : tasks) {
        model.chat(ChatRequest.builder().messages(UserMessage.from(SqlPromptFormat.render(t.question())))
            .parameters(ChatRequestParameters.builder().temperature(0.0).maxOutputTokens(DemoConfig.MAX_SQL_TOKENS)
                .stopSequences(List.of("\n")).build())
            .build());
      }
    }
    return capture.stats().recorded();
  }

  /**
   * Held-out pass@1 of {@code version} as served: greedy completions over HTTP from a gateway of
   * that version with no inference table, graded by executing the gold SQL.
   */
  static double heldout(ModelVersion version, List<SqlTask> tasks, SqlResultGrader grader) {
    try (DecoderPolicy p = DecoderPolicy.load(version.folder());
        Gateway eval = Gateway.builder().policy(p, version.id()).port(0).build().start()) {
      List<HttpCompletions.Answer> answers = new HttpCompletions(eval.baseUri(), eval.modelName(),
          DemoConfig.MAX_SQL_TOKENS, 16).complete(tasks.stream().map(t -> SqlPromptFormat.render(t.question())).toList());
      int correct = 0;
      for (int i = 0; i < tasks.size(); i++) {
        SqlTask t = tasks.get(i);
        if (grader.correct(ai.tao.api.Prompt.ofText(t.id(), SqlPromptFormat.render(t.question())),
            answers.get(i).text(), t.goldSql())) {
          correct++;
        }
      }
      return correct / (double) tasks.size();
    }
  }

  static long countRows(InferenceTable table, String endpoint) {
    long n = 0;
    long after = 0;
    while (true) {
      List<InferenceRow> rows = table.rowsSince(after, 1000);
      if (rows.isEmpty()) {
        return n;
      }
      for (InferenceRow r : rows) {
        if (endpoint.equals(r.inference().endpoint())) {
          n++;
        }
        after = r.id();
      }
    }
  }

  /** Waits until the gateway serves {@code version} (a swap finishes once in-flight requests are answered). */
  static void awaitVersion(Gateway gateway, String version) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!gateway.version().equals(version)) {
      if (System.nanoTime() > deadline) {
        throw new ai.tao.api.GenerationException("the gateway still serves " + gateway.version() + " two minutes"
            + " after version " + version + " was promoted");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ai.tao.api.GenerationException("interrupted while waiting for the gateway to serve " + version, e);
      }
    }
  }

  static ObjectNode toJson(Result r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("base_version", r.baseVersion()).put("served_version", r.servedVersion())
        .put("base_served_pass_at_1", r.basePassAt1()).put("tuned_served_pass_at_1", r.servedPassAt1())
        .put("outcome", r.turn().outcome().name()).put("http_rows", r.httpRows())
        .put("langchain4j_rows", r.langchain4jRows()).put("labels_seen", r.labelsSeen())
        .put("train_prompts", r.turn().trainPrompts()).put("gate_prompts", r.turn().gatePrompts())
        .put("seconds", r.seconds());
    r.turn().gate().ifPresent(g -> g.metrics().forEach(n::put));
    r.turn().dataset().ifPresent(d -> n.put("dataset", d.summary()));
    return n;
  }
}
