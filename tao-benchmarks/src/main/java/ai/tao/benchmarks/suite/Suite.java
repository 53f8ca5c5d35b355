package ai.tao.benchmarks.suite;

import ai.tao.api.OutputException;
import ai.tao.benchmarks.demo.SqlSuiteTask;
import ai.tao.benchmarks.docqa.DocQaSuiteTask;
import ai.tao.benchmarks.multitask.MultiTaskSuiteTask;
import ai.tao.benchmarks.suite.SuiteOptions.Part;
import ai.tao.core.TaoRuntime;
import ai.tao.core.io.Durable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The experiment harness: one command runs the suite on each asked-for task (Table 3 in miniature,
 * the label-equivalence curve, compute scaling, the training curves) and the speed part, and writes
 * the report folder ({@link ReportWriter}). Each unit's result is cached as it completes, so an
 * interrupted suite resumes where it stopped and parts can be run in separate sessions.
 *
 * <p>Usage: {@code Suite [--quick] [--only table3,labels,scaling,perf] [--tasks sql,docqa,multitask]
 * [--out DIR] ...} (see {@link SuiteOptions}).
 */
public final class Suite {
  private Suite() {}

  public static void main(String[] args) {
    SuiteOptions opt = SuiteOptions.parse(args);
    List<Path> files = ReportWriter.write(run(opt, System.out::println), opt.out);
    System.out.println("[suite] wrote " + files.size() + " files to " + opt.out.toAbsolutePath().normalize());
  }

  /** Runs the suite with {@code opt}; {@code log} gets the progress lines. */
  public static SuiteReport run(SuiteOptions opt, Consumer<String> log) {
    long start = System.nanoTime();
    RunCache cache = new RunCache(opt.cacheDir());
    List<String> notes = new ArrayList<>();
    List<TaskReport> reports = new ArrayList<>();
    boolean tasksAsked = opt.only.stream().anyMatch(p -> p != Part.PERF);
    if (tasksAsked) {
      List<SuiteTask> tasks = new ArrayList<>();
      Path work = work();
      try {
        for (String name : opt.tasks) {
          tasks.add(task(name, opt, notes));
        }
        reports.addAll(runTasks(tasks, opt, cache, work, log, notes));
      } finally {
        tasks.forEach(SuiteTask::close);
        Durable.deleteTree(work);
      }
    }
    Perf perf = null;
    if (opt.only.contains(Part.PERF)) {
      PerfSettings s = (opt.quick ? PerfSettings.quick() : PerfSettings.full())
          .withPeerScript(Optional.ofNullable(opt.peer));
      log.accept("[suite] speed part: GEMM, then " + s.rollouts().size() + " rollout and " + s.trains().size()
          + " train-step cases");
      perf = PerfPart.run(s, log);
    }
    return new SuiteReport(opt.quick, opt.settings(), machine(), (System.nanoTime() - start) / 1e9, reports, perf,
        notes);
  }

  private static List<TaskReport> runTasks(List<SuiteTask> tasks, SuiteOptions opt, RunCache cache, Path work,
      Consumer<String> log, List<String> notes) {
    List<TaskSuite> suites = new ArrayList<>();
    List<Unit> units = new ArrayList<>();
    for (SuiteTask t : tasks) {
      TaskSuite s = new TaskSuite(t, opt, work);
      suites.add(s);
      units.addAll(s.units());
    }
    Progress progress = new Progress(log);
    units.forEach(u -> progress.plan(u.cost()));
    log.accept(String.format(Locale.ROOT, "[suite] %d units over %s; results cached in %s", units.size(),
        opt.tasks, cache.dir()));
    Map<String, RunRecord> results = new LinkedHashMap<>();
    int cached = 0;
    for (Unit u : units) {
      Optional<RunRecord> hit = cache.get(u.key());
      long t = System.nanoTime();
      results.put(u.key(), hit.isPresent() ? hit.get() : cache.getOrRun(u.key(), u.run()));
      progress.done(u.key(), u.cost(), (System.nanoTime() - t) / 1e9, hit.isPresent());
      cached += hit.isPresent() ? 1 : 0;
    }
    notes.add(String.format(Locale.ROOT, "%d of %d units were read from the cache (%s); the others ran in this"
        + " run of %s.", cached, units.size(), cache.dir().getFileName(), Progress.clock(progress.elapsed())));
    List<TaskReport> reports = new ArrayList<>();
    for (TaskSuite s : suites) {
      reports.addAll(s.reports(results));
    }
    return reports;
  }

  private static SuiteTask task(String name, SuiteOptions opt, List<String> notes) {
    return switch (name) {
      case "sql" -> new SqlSuiteTask(opt.heldout);
      case "docqa" -> {
        if (opt.docqaRewardModel == null) {
          notes.add("Document QA ran without a trained reward model (--docqa-rm DIR), so its reward-model rows"
              + " are not in Table 3; DocQaDemo --rm-only trains one.");
        }
        yield new DocQaSuiteTask(opt.heldout, opt.docqaRewardModel);
      }
      case "multitask" -> new MultiTaskSuiteTask(opt.heldout);
      default -> throw new IllegalArgumentException("no suite task " + name);
    };
  }

  private static Path work() {
    try {
      return Files.createTempDirectory("tao-suite");
    } catch (IOException e) {
      throw new OutputException("cannot create the suite's scratch folder: " + e.getMessage(), e);
    }
  }

  /** What the run was measured on. */
  static Map<String, String> machine() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cpu", cpuModel());
    m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    m.put("memory_max_gib", String.format(Locale.ROOT, "%.1f", Runtime.getRuntime().maxMemory() / 1073741824.0));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("engine", TaoRuntime.engine().getEngineName() + " " + TaoRuntime.engine().getVersion() + " on "
        + TaoRuntime.device());
    return m;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch") + " (model not known)";
  }
}
