package ai.tao.benchmarks.suite;

import ai.tao.api.ConfigurationException;
import ai.tao.benchmarks.demo.DemoOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The suite's sizes and switches. The full sizes are chosen so the whole suite fits 90 minutes on
 * a 2-core machine (the README's demos run longer, for their own tables); {@code --quick} shrinks
 * every size to a smoke run that still produces every file.
 */
public final class SuiteOptions {
  /** The parts of the suite; Table 3's TAO runs also give the training curves. */
  public enum Part { TABLE3, LABELS, SCALING, PERF }

  public static final List<String> TASKS = List.of("sql", "docqa", "multitask");

  public boolean quick;
  public final Set<Part> only = EnumSet.allOf(Part.class);
  public final List<String> tasks = new ArrayList<>(TASKS);
  /** Where the report goes; default {@code tao-report}. */
  public Path out = Path.of("tao-report");
  /** Where results are cached; default {@code OUT/cache}. */
  public Path cache;
  public int seeds = 3;
  public long firstSeed = 100;
  /** TAO's optimizer steps, and the SFT baselines' (equal steps). */
  public int steps = 20;
  public int promptsPerStep = 8;
  /** Candidates per prompt of Table 3's TAO runs (and majority@N). */
  public int candidates = 8;
  /** Labeled production questions of the label-equivalence curve. */
  public final List<Integer> labelCounts = new ArrayList<>(List.of(25, 50, 100, 200, 400));
  /** Candidates per prompt of the compute-scaling curve. */
  public final List<Integer> candidateCounts = new ArrayList<>(List.of(2, 4, 8, 16));
  /** Held-out questions per task at most. */
  public int heldout = 200;
  /** Labeled sequences per SFT step. */
  public int sftBatch = 64;
  /** A trained document-QA reward model, which adds the reward-model variants to its Table 3. */
  public Path docqaRewardModel;
  /** The peer benchmark script; else {@code TAO_PEER_SCRIPT}, else {@code ../shared/bench/peer_llama.py}. */
  public Path peer;

  /** The options of {@code args}; {@code --quick} first sets the smoke sizes, later options override them. */
  public static SuiteOptions parse(String[] args) {
    SuiteOptions o = new SuiteOptions();
    if (Arrays.asList(args).contains("--quick")) {
      o.quick();
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> { }
        case "--only" -> {
          o.only.clear();
          for (String p : value(args, ++i, a).split(",")) {
            o.only.add(part(p));
          }
        }
        case "--tasks" -> {
          o.tasks.clear();
          for (String t : value(args, ++i, a).split(",")) {
            if (!TASKS.contains(t)) {
              throw new ConfigurationException("--tasks: no task '" + t + "'; tasks: " + TASKS);
            }
            o.tasks.add(t);
          }
        }
        case "--out" -> o.out = Path.of(value(args, ++i, a));
        case "--cache" -> o.cache = Path.of(value(args, ++i, a));
        case "--seeds" -> o.seeds = positive(args, ++i, a);
        case "--first-seed" -> o.firstSeed = Long.parseLong(value(args, ++i, a));
        case "--steps" -> o.steps = positive(args, ++i, a);
        case "--prompts-per-step" -> o.promptsPerStep = positive(args, ++i, a);
        case "--candidates" -> o.candidates = positive(args, ++i, a);
        case "--labels" -> replace(o.labelCounts, args, ++i, a);
        case "--scaling" -> replace(o.candidateCounts, args, ++i, a);
        case "--heldout" -> o.heldout = positive(args, ++i, a);
        case "--sft-batch" -> o.sftBatch = positive(args, ++i, a);
        case "--docqa-rm" -> o.docqaRewardModel = Path.of(value(args, ++i, a));
        case "--peer" -> o.peer = Path.of(value(args, ++i, a));
        default -> throw new ConfigurationException("unknown suite option " + a + "; options: --quick"
            + " --only table3,labels,scaling,perf --tasks sql,docqa,multitask --out DIR --cache DIR --seeds N"
            + " --first-seed S --steps S --prompts-per-step P --candidates N --labels 25,50 --scaling 2,4"
            + " --heldout H --sft-batch B --docqa-rm DIR --peer FILE");
      }
    }
    return o;
  }

  /** The smoke sizes: every part and every file, in a few minutes. */
  void quick() {
    quick = true;
    seeds = 2;
    steps = 2;
    promptsPerStep = 2;
    candidates = 4;
    labelCounts.clear();
    labelCounts.addAll(List.of(4, 8));
    candidateCounts.clear();
    candidateCounts.addAll(List.of(2, 4));
    heldout = 6;
    sftBatch = 4;
  }

  public Path cacheDir() {
    return (cache != null ? cache : out.resolve("cache")).resolve(fingerprint());
  }

  /** The sizes every cached result depends on, as a folder name: other sizes never read them. */
  String fingerprint() {
    return String.format(Locale.ROOT, "steps%d-p%d-n%d-h%d-b%d", steps, promptsPerStep, candidates, heldout,
        sftBatch);
  }

  /** The demos' options at the suite's sizes; {@code candidates} per prompt. */
  public DemoOptions demo(int candidatesPerPrompt) {
    DemoOptions d = new DemoOptions();
    d.steps = steps;
    d.rounds = 1;
    d.promptsPerStep = promptsPerStep;
    d.candidates = candidatesPerPrompt;
    d.sftBatch = sftBatch;
    // The collapse guard's snapshots need 2 × its window (8 steps) between them: every 10 steps on
    // runs of 20 or more, none on shorter ones.
    d.snapshotEvery = steps >= 20 ? 10 : 0;
    d.quiet = true;
    return d;
  }

  /** The seeds of the run. */
  public List<Long> seedList() {
    List<Long> s = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      s.add(firstSeed + i);
    }
    return s;
  }

  /** What the report's settings table shows. */
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("quick", quick);
    m.put("parts", only.stream().map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
    m.put("tasks", List.copyOf(tasks));
    m.put("seeds", seedList());
    m.put("steps", steps);
    m.put("prompts_per_step", promptsPerStep);
    m.put("candidates", candidates);
    m.put("label_counts", List.copyOf(labelCounts));
    m.put("candidate_counts", List.copyOf(candidateCounts));
    m.put("heldout_per_task", heldout);
    m.put("sft_batch", sftBatch);
    m.put("docqa_reward_model", Optional.ofNullable(docqaRewardModel).map(Path::toString).orElse("none"));
    return m;
  }

  private static Part part(String p) {
    try {
      return Part.valueOf(p.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("--only: no part '" + p + "'; parts: table3, labels, scaling, perf");
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new ConfigurationException(option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String[] args, int i, String option) {
    String v = value(args, i, option);
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(option + " needs a positive whole number, got '" + v + "'");
  }

  private static void replace(List<Integer> into, String[] args, int i, String option) {
    into.clear();
    for (String v : value(args, i, option).split(",")) {
      into.add(positive(new String[] {v}, 0, option));
    }
  }
}
