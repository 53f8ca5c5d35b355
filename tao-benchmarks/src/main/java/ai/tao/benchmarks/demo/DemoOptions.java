package ai.tao.benchmarks.demo;

/** Command-line options of {@link SqlDemo}, with the defaults the README run uses. */
final class DemoOptions {
  /** Seeds to run (mean and spread are reported). */
  int seeds = 1;
  /** GRPO steps, and SFT steps of the baselines (160 × 64 sequences: about 5 minutes a seed on 2 cores). */
  int steps = 160;
  /** TAO rounds of {@link #steps} steps each (a checkpoint per round when {@code --out} is set). */
  int rounds = 1;
  /** Prompts per GRPO step. */
  int promptsPerStep = 8;
  /** Group size. */
  int candidates = 8;
  /**
   * Sampling temperature. 1.0: the SFT base is so peaked (entropy ≈ 0.01 nats/token) that at 0.7
   * nearly every group is unanimous and GRPO has nothing to compare (measured: +3.5 points at 0.7,
   * 40 steps). The grounding check and the KL leash are what keep 1.0 from being gamed.
   */
  double temperature = 1.0;
  /** Top-k filter of TAO's sampling (0: off). */
  int topK = 0;
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
        case "--base" -> o.baseDir = java.nio.file.Path.of(args[++i]);
        case "--out" -> o.outDir = java.nio.file.Path.of(args[++i]);
        case "--first-seed" -> o.firstSeed = Long.parseLong(args[++i]);
        case "--tao-only" -> o.taoOnly = true;
        case "--quiet" -> o.quiet = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --seeds N --steps S --rounds R --prompts-per-step P --candidates N --temperature T --top-k K --top-p P --kl B --lr L"
            + " --sft-lr L --sft-batch B --base DIR --out DIR --first-seed S --tao-only --ablation --quiet");
      }
    }
    return o;
  }
}
