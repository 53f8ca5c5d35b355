package ai.tao.benchmarks.demo;

/** Command-line options of {@link SqlDemo}, with the defaults the README run uses. */
final class DemoOptions {
  /** Seeds to run (mean and spread are reported). */
  int seeds = 1;
  /** GRPO steps, and SFT steps of the baselines. */
  int steps = 40;
  /** Prompts per GRPO step. */
  int promptsPerStep = 8;
  /** Group size. */
  int candidates = 8;
  /** Sampling temperature (0.7: label-free rewards are gamed at 1.0). */
  double temperature = 0.7;
  /** KL to the base model: on, by default. */
  double kl = 0.05;
  double learningRate = 5e-5;
  double sftLearningRate = 3e-4;
  boolean ablation;
  boolean quiet;

  static DemoOptions parse(String[] args) {
    DemoOptions o = new DemoOptions();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> o.seeds = Integer.parseInt(args[++i]);
        case "--steps" -> o.steps = Integer.parseInt(args[++i]);
        case "--prompts-per-step" -> o.promptsPerStep = Integer.parseInt(args[++i]);
        case "--candidates" -> o.candidates = Integer.parseInt(args[++i]);
        case "--temperature" -> o.temperature = Double.parseDouble(args[++i]);
        case "--kl" -> o.kl = Double.parseDouble(args[++i]);
        case "--lr" -> o.learningRate = Double.parseDouble(args[++i]);
        case "--sft-lr" -> o.sftLearningRate = Double.parseDouble(args[++i]);
        case "--ablation" -> o.ablation = true;
        case "--quiet" -> o.quiet = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --seeds N --steps S --prompts-per-step P --candidates N --temperature T --kl B --lr L"
            + " --sft-lr L --ablation --quiet");
      }
    }
    return o;
  }
}
