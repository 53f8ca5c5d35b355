package ai.tao.serve.cli;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Generator;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerRegistry;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.core.generate.Generators;
import ai.tao.api.SamplingParams;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.GrpoConfig;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.Trainers;
import ai.tao.serve.flywheel.Flywheel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options {@code tao tune} and {@code tao flywheel} share: the scorer, the sampler and the
 * GRPO step. An option left out keeps the library's default (the run logs every value it uses).
 */
final class TuneOptions {

  @Option(names = "--scorer", required = true, paramLabel = "NAME",
      description = "label-free scorer, by its SPI name (for example sql-consensus, majority-agreement, reward-model)")
  String scorer;

  @Option(names = "--scorer-opt", paramLabel = "KEY=VALUE", description = "an option of the scorer; repeatable")
  List<String> scorerOptions = new ArrayList<>();

  @Option(names = "--steps", defaultValue = "0",
      description = "optimizer steps per round (flywheel: per turn); 0 = one pass over the prompts (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--prompts-per-step", defaultValue = "" + Flywheel.Builder.DEFAULT_PROMPTS_PER_STEP,
      description = "prompts whose groups make one step (default: ${DEFAULT-VALUE})")
  int promptsPerStep;

  @Option(names = "--seed", defaultValue = "0", description = "seeds prompt order and sampling (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--candidates", defaultValue = "8",
      description = "candidates per prompt, the GRPO group (default: ${DEFAULT-VALUE})")
  int candidates;

  @Option(names = "--temperature", description = "sampling temperature (default: the sampler's)")
  Double temperature;

  @Option(names = "--top-k", description = "sample among the K likeliest tokens; 0 = all (default: the sampler's)")
  Integer topK;

  @Option(names = "--top-p", description = "nucleus sampling mass (default: the sampler's)")
  Double topP;

  @Option(names = "--max-new-tokens", description = "answer budget in tokens (default: the sampler's)")
  Integer maxNewTokens;

  @Option(names = "--stop", paramLabel = "TEXT",
      description = "stop string, repeatable; \\n is a newline (default: none)")
  List<String> stops = new ArrayList<>();

  @Option(names = "--lr", description = "GRPO learning rate (default: the trainer's)")
  Double learningRate;

  @Option(names = "--kl", description = "KL coefficient to the starting model (default: the trainer's)")
  Double kl;

  /** The group these options describe; an option left out keeps {@link SamplingParams}' default. */
  SamplingParams sampling() {
    SamplingParams.Builder b = SamplingParams.builder().candidatesPerPrompt(candidates);
    if (temperature != null) {
      b.temperature(temperature);
    }
    if (topK != null) {
      b.topK(topK);
    }
    if (topP != null) {
      b.topP(topP);
    }
    if (maxNewTokens != null) {
      b.maxNewTokens(maxNewTokens);
    }
    if (!stops.isEmpty()) {
      b.stopStrings(unescape(stops));
    }
    return b.build();
  }

  /** The sampler of {@link #sampling()}. */
  Generator generator() {
    return Generators.sampling(sampling()).build();
  }

  /** Stop strings as typed on a command line, with {@code \\n} read as a newline. */
  static List<String> unescape(List<String> stops) {
    return stops.stream().map(s -> s.replace("\\n", "\n")).toList();
  }

  /** The scorer named by {@code --scorer}, built by its SPI factory with the {@code --scorer-opt} values. */
  Scorer scorer() {
    return ScorerRegistry.load().create(scorer, new ScorerOptions(scorerOptionMap()));
  }

  Map<String, String> scorerOptionMap() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : scorerOptions) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException("--scorer-opt needs KEY=VALUE, got '" + kv + "'");
      }
      if (m.put(kv.substring(0, eq), kv.substring(eq + 1)) != null) {
        throw new ConfigurationException("--scorer-opt " + kv.substring(0, eq) + " is given twice; give each key once");
      }
    }
    return m;
  }

  /** A GRPO trainer for {@code policy} with these options. */
  GrpoTrainer trainer(DecoderPolicy policy) {
    GrpoConfig.Builder b = Trainers.grpo();
    if (learningRate != null) {
      b.learningRate(learningRate);
    }
    if (kl != null) {
      b.klCoefficient(kl);
    }
    return b.trainer(policy);
  }

  /** The settings as recorded in a model version's manifest. */
  Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("scorer", scorer);
    scorerOptionMap().forEach((k, v) -> m.put("scorer." + k, v));
    m.put("candidates", Integer.toString(candidates));
    putIfSet(m, "temperature", temperature);
    putIfSet(m, "top_k", topK);
    putIfSet(m, "top_p", topP);
    putIfSet(m, "max_new_tokens", maxNewTokens);
    if (!stops.isEmpty()) {
      m.put("stop", String.join(" | ", stops));
    }
    putIfSet(m, "learning_rate", learningRate);
    putIfSet(m, "kl", kl);
    return m;
  }

  private static void putIfSet(Map<String, String> m, String key, Object v) {
    if (v != null) {
      m.put(key, v.toString());
    }
  }
}
