package ai.tao.benchmarks.demo;

/**
 * Command-line options of the demos ({@link SqlDemo}, {@code DocQaDemo}), with the defaults the
 * README run uses. A mutable bag filled by {@link #parse}; the demos read its fields.
 */
public final class DemoOptions {
  /** Seeds to run (mean and spread are reported). */
  public int seeds = 1;
  /** GRPO steps, and SFT steps of the baselines. */
  public int steps = 160;
  /** TAO rounds of {@link #steps} steps each (a checkpoint per round when {@code --out} is set). */
  public int rounds = 1;
  /** Prompts per GRPO step. */
  public int promptsPerStep = 8;
  /**
   * Group size. 16: the consensus reward pays only results at least two grounded candidates agree on,
   * so more candidates per question mean more groups with a learning signal ({@link ExploreSampling}
   * measures it without labels: with the base at temperature 1.5 / top-3, 28% of groups carry a
   * signal with 16 candidates).
   */
  public int candidates = 16;
  /**
   * Sampling temperature, with {@link #topK}, chosen without labels by {@link ExploreSampling}: on
   * 100 production training prompts (inputs only) and the demo's label-free reward, temperature
   * 1.5 among the 3 likeliest tokens gives the most groups with a learning signal (28%, tied with
   * top-5, which has the lower mean reward: 0.121 against 0.151), against 26% at 1.0 with no filter
   * and 20% at 2.0 / top-3. Above 1.5 without a filter one wrong byte ruins most queries (0–4% of
   * groups with signal). The trainer takes the temperature from each rollout.
   */
  public double temperature = 1.5;
  /** Top-k filter of TAO's sampling (0: off); see {@link #temperature}. */
  public int topK = 3;
  /** Nucleus filter of TAO's sampling (1: off). */
  public double topP = 1.0;
  /** KL to the base model: on, by default. */
  public double kl = 0.05;
  /** Updates between the collapse guard's healthy-weight snapshots; 0 = the library's default (20). */
  public int snapshotEvery;
  /** Wrong samples a reward model's preference pairs take per labeled question (experiments). */
  public int rmRejected = 4;
  public double learningRate = 1e-4;
  /**
   * TAO trains rank-{@code loraRank} LoRA adapters (alpha = 2 × rank, every projection) instead of
   * every weight; 0 = full fine-tuning, the default.
   */
  public int loraRank;
  /**
   * Learning rate of LoRA runs; NaN = 10 × {@link #learningRate}, the rule of thumb that LoRA's best
   * learning rate is about ten times full fine-tuning's (set a priori, not tuned on this task).
   */
  public double loraLearningRate = Double.NaN;
  public double sftLearningRate = 3e-4;
  /**
   * Labeled sequences per SFT step of the baselines, which take as many steps as TAO. 64: more than
   * the sequences TAO trains on per step (unanimous groups are dropped; the run prints TAO's mean).
   */
  public int sftBatch = 64;
  /** A base checkpoint folder to start from instead of the committed one (experiments). */
  public java.nio.file.Path baseDir;
  /** Where TAO runs write metrics.jsonl and round checkpoints (one folder per run); none by default. */
  public java.nio.file.Path outDir;
  /** The learning rate TAO's GRPO runs use: {@link #loraLearningRate} for LoRA runs. */
  public double taoLearningRate() {
    if (loraRank <= 0) {
      return learningRate;
    }
    return Double.isNaN(loraLearningRate) ? 10 * learningRate : loraLearningRate;
  }

  /** The first seed; seeds run as firstSeed, firstSeed + 1, ... */
  public long firstSeed = 100;
  /** Skip the SFT baselines (experiments on TAO settings). */
  public boolean taoOnly;
  public boolean ablation;
  /** Also run TAO with random rewards, same budget (the control a gain is measured against). */
  public boolean control;
  /** Only the random-reward control (to run beside a main run). */
  public boolean controlOnly;
  /** Only the ablation's consensus-only and grounding-only runs (to run beside a main run). */
  public boolean ablationOnly;
  public boolean quiet;
  /** Measure the base model only, then stop. */
  public boolean baseOnly;
  /**
   * A further TAO variant whose reward is the scorer of this name in the {@code ScorerRegistry}
   * (such as a reward model's), built from {@link #scorerOptions}; none by default.
   */
  public String scorer;
  /** Options of {@link #scorer}, from {@code --scorer-opt key=value} (repeatable). */
  public final java.util.Map<String, String> scorerOptions = new java.util.LinkedHashMap<>();

  /** The TAO reward variants to run, by result-file label ({@code --variants a,b}); empty: the demo's all. */
  public final java.util.List<String> variants = new java.util.ArrayList<>();
  /** A trained reward model to use instead of training one ({@code --rm DIR}). */
  public java.nio.file.Path rewardModelDir;
  /** Train and measure the reward model, then stop ({@code --rm-only}). */
  public boolean rewardModelOnly;

  /** Whether the run includes the main TAO run (and, unless {@code --tao-only}, the SFT baselines). */
  public boolean runsMain() {
    return !ablationOnly && !controlOnly;
  }

  public static DemoOptions parse(String[] args) {
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
        case "--lora" -> o.loraRank = Integer.parseInt(args[++i]);
        case "--lora-lr" -> o.loraLearningRate = Double.parseDouble(args[++i]);
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
        case "--snapshot-every" -> o.snapshotEvery = Integer.parseInt(args[++i]);
        case "--base-only" -> o.baseOnly = true;
        case "--scorer" -> o.scorer = args[++i];
        case "--variants" -> o.variants.addAll(java.util.Arrays.asList(args[++i].split(",")));
        case "--rm" -> o.rewardModelDir = java.nio.file.Path.of(args[++i]);
        case "--rm-only" -> o.rewardModelOnly = true;
        case "--rm-rejected" -> o.rmRejected = Integer.parseInt(args[++i]);
        case "--scorer-opt" -> {
          String kv = args[++i];
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new ai.tao.api.ConfigurationException("--scorer-opt needs key=value, got '" + kv + "'");
          }
          o.scorerOptions.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        default -> throw new ai.tao.api.ConfigurationException("unknown option " + args[i]
            + "; options: --seeds N --steps S --rounds R --prompts-per-step P --candidates N --temperature T --top-k K --top-p P --kl B --lr L --lora RANK --lora-lr L"
            + " --sft-lr L --sft-batch B --base DIR --out DIR --first-seed S --tao-only --ablation --ablation-only --control --control-only --quiet"
            + " --base-only --scorer NAME --scorer-opt K=V --variants A,B --rm DIR --rm-only --rm-rejected N --snapshot-every N");
      }
    }
    return o;
  }

  /**
   * TAO's sampling (and majority@n's) for a task: the group size, temperature, top-k and top-p of
   * these options, {@code maxNewTokens} the task's answer budget, stopping at the end of the line.
   */
  public ai.tao.api.SamplingParams sampling(int maxNewTokens) {
    return ai.tao.api.SamplingParams.builder().candidatesPerPrompt(candidates).temperature(temperature).topK(topK)
        .topP(topP).maxNewTokens(maxNewTokens).stopStrings(java.util.List.of("\n")).build();
  }
}
