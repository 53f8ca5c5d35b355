package ai.tao.serve.cli;

import ai.tao.api.Grader;
import ai.tao.core.data.LabeledFiles;
import ai.tao.core.eval.EvalResult;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.rewards.sql.SqlResultGrader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tao eval}: greedy pass@1 of a model folder (or a registry version) on a labeled JSONL file,
 * with a 95% confidence interval. This is the only command that reads labels; keep its file out of
 * every tuning run.
 *
 * @since 0.5
 */
@Command(name = "eval",
    description = "Greedy pass@1 on a labeled JSONL file ({\"prompt\": ..., \"response\": ...}).")
public final class EvalCommand extends Subcommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL_DIR", description = "Hugging Face folder (or give --registry)")
  Path modelDir;

  @Option(names = "--registry", paramLabel = "DIR", description = "evaluate a version of this model registry")
  Path registry;

  @Option(names = "--version", paramLabel = "V", description = "with --registry: the version (default: current)")
  String version;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "labeled JSONL: prompt and response fields")
  Path data;

  @Mixin
  GraderOptions grading;

  @Option(names = "--max-new-tokens", defaultValue = "64", description = "answer budget (default: ${DEFAULT-VALUE})")
  int maxNewTokens;

  @Option(names = "--stop", paramLabel = "TEXT", description = "stop string, repeatable; \\n is a newline")
  List<String> stops = new ArrayList<>();

  @Override
  public Integer call() {
    ServedModel served = ServedModel.resolve(modelDir, registry, version);
    try (SqlResultGrader sql = grading.sqlGrader(); DecoderPolicy policy = DecoderPolicy.load(served.folder())) {
      Grader g = grading.grader(sql);
      Evaluation eval = Evaluation.builder().examples(LabeledFiles.jsonl(data)).grader(g).maxNewTokens(maxNewTokens)
          .stopStrings(TuneOptions.unescape(stops)).build();
      EvalResult r = eval.passAt1(policy);
      out().printf(Locale.ROOT, "%s (version %s) on %s: pass@1 %s%n", served.folder(), served.version(),
          data, r);
      return 0;
    }
  }
}
