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
   * Group size. 16: the consensus reward pays only results at least two grounded candidates agree on,
   * so more candidates per question mean more groups with a learning signal ({@link ExploreSampling}
   * measures it without labels: with the base at temperature 1.5 / top-3, 28% of groups carry a
   * signal with 16 candidates).
   */
  int candidates = 16;
  /**
   * Sampling temperature, with {@link #topK}, chosen without labels by {@link ExploreSampling}: on
   * 100 production training prompts (inputs only) and the demo's label-free reward, temperature
   * 1.5 among the 3 likeliest tokens gives the most groups with a learning signal (28%, tied with
   * top-5, which has the lower mean reward: 0.121 against 0.151), against 26% at 1.0 with no filter
   * and 20% at 2.0 / top-3. Above 1.5 without a filter one wrong byte ruins most queries (0–4% of
   * groups with signal). The trainer takes the temperature from each rollout.
   */
  double temperature = 1.5;
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
  /** Also run TAO with random rewards, same budget (the control a gain is measured against). */
  boolean control;
  /** Only the random-reward control (to run beside a main run). */
  boolean controlOnly;
  /** Only the ablation's consensus-only and grounding-only runs (to run beside a main run). */
  boolean ablationOnly;
  boolean quiet;

  /** Whether the run includes the main TAO run (and, unless {@code --tao-only}, the SFT baselines). */
  boolean runsMain() {
    return !ablationOnly && !controlOnly;
  }

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
        case "--control" -> o.control = true;
        case "--control-only" -> o.controlOnly = true;
        case "--base" -> o.baseDir = java.nio.file.Path.of(args[++i]);
        case "--out" -> o.outDir = java.nio.file.Path.of(args[++i]);
        case "--first-seed" -> o.firstSeed = Long.parseLong(args[++i]);
        case "--tao-only" -> o.taoOnly = true;
        case "--quiet" -> o.quiet = true;
        default -> throw new ai.tao.api.ConfigurationException("unknown option " + args[i]
            + "; options: --seeds N --steps S --rounds R --prompts-per-step P --candidates N --temperature T --top-k K --top-p P --kl B --lr L"
            + " --sft-lr L --sft-batch B --base DIR --out DIR --first-seed S --tao-only --ablation --ablation-only --control --control-only --quiet");
      }
    }
    return o;
  }
}
