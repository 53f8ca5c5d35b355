package ai.tao.benchmarks.demo;

/** Command-line options of {@link SqlDemo}, with the defaults the README run uses. */
final class DemoOptions {
  /** Seeds to run (mean and spread are reported). */
  int seeds = 1;
  /** GRPO steps, and SFT steps of the baselines. */
  int steps = 160;
  /** TAO rounds of {@link #steps} steps each (a checkpoint per round when {@code --out} is set). */
  int rounds = 1;
  /** Prompts per GRPO step. */
  int promptsPerStep = 8;
  /**
   * Group size. 16: a plurality of grounded results needs votes; with 8 at temperature 2 most groups
   * had too few agreeing candidates (measured, seed 101: 47.0% with 8, 52.0% with 16).
   */
  int candidates = 16;
  /**
   * Sampling temperature, with {@link #topK}. The SFT base is peaked (≈0.01 nats/token at 1.0): at
   * 1.0 over half of the held-out questions never get a correct candidate in 16 samples and 72% of
   * groups are unanimous; at 2.0 alone one wrong byte ruins most queries. Temperature 2.0 among the
   * top 3 tokens explores where the model hesitates and nowhere else: pass@16 54.5% (vs 49.0%),
   * non-unanimous groups 48.5% (vs 28%) (measured on held-out questions, base model). Rewarded
   * candidates stay right: 98.5% after a TAO run at these settings (seed 101). The trainer recomputes
   * log-probs at the same temperature.
   */
  double temperature = 2.0;
  /** Top-k filter of TAO's sampling (0: off); see {@link #temperature}. */
  int topK = 3;
  /** Nucleus filter of TAO's sampling (1: off). */
  double topP = 1.0;
  /** KL to the base model: on, by default. */
  double kl = 0.05;
  double learningRate = 1e-4;
  double sftLearningRate = 3e-4;
  /**
   * Labeled sequences per SFT step of the baselines, which take as many steps as TAO. 64: more than
   * the sequences TAO trains on per step (unanimous groups are dropped; the run prints TAO's mean).
   */
  int sftBatch = 64;
  /** A base checkpoint folder to start from instead of the committed one (experiments). */
  java.nio.file.Path baseDir;
  /** Where TAO runs write metrics.jsonl and round checkpoints (one folder per run); none by default. */
  java.nio.file.Path outDir;
  /** The first seed; seeds run as firstSeed, firstSeed + 1, ... */
  long firstSeed = 100;
  /** Skip the SFT baselines (experiments on TAO settings). */
  boolean taoOnly;
  boolean ablation;
  /** Only the ablation's consensus-only and grounding-only runs (to run beside a main run). */
  boolean ablationOnly;
  boolean quiet;

  static DemoOptions parse(String[] args) {
    DemoOptions o = new DemoOptions();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> o.seeds = Integer.parseInt(args[++i]);
        case "--steps" -> o.steps = Integer.parseInt(args[++i]);
        case "--rounds" -> o.rounds = Integer.parseInt(args[++i]);
        case "--prompts-per-step" -> o.promptsPerStep = Integer.parseInt(args[++i]);
        case "--candidates" -> o.candidates = Integer.parseInt(args[++i]);
        case "--temperature" -> o.temperature = Double.parseDouble(args[++i]);
        case "--kl" -> o.kl = Double.parseDouble(args[++i]);
        case "--top-k" -> o.topK = Integer.parseInt(args[++i]);
        case "--top-p" -> o.topP = Double.parseDouble(args[++i]);
        case "--lr" -> o.learningRate = Double.parseDouble(args[++i]);
        case "--sft-lr" -> o.sftLearningRate = Double.parseDouble(args[++i]);
        case "--sft-batch" -> o.sftBatch = Integer.parseInt(args[++i]);
        case "--ablation" -> o.ablation = true;
        case "--ablation-only" -> o.ablationOnly = true;
        case "--base" -> o.baseDir = java.nio.file.Path.of(args[++i]);
        case "--out" -> o.outDir = java.nio.file.Path.of(args[++i]);
        case "--first-seed" -> o.firstSeed = Long.parseLong(args[++i]);
        case "--tao-only" -> o.taoOnly = true;
        case "--quiet" -> o.quiet = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --seeds N --steps S --rounds R --prompts-per-step P --candidates N --temperature T --top-k K --top-p P --kl B --lr L"
            + " --sft-lr L --sft-batch B --base DIR --out DIR --first-seed S --tao-only --ablation --ablation-only --quiet");
      }
    }
    return o;
  }
}
