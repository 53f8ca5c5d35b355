package ai.tao.benchmarks.suite;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite's whole result, as {@code report.json} holds it and the other report files show it.
 *
 * @param settings the run's sizes (steps, prompts per step, candidates, seeds, K values, N values)
 * @param machine what it ran on (CPU, cores, Java, DJL engine)
 * @param seconds wall time of the run that wrote the report (cached parts cost nothing)
 * @param perf the speed part, {@code null} when it was not run
 * @param notes sentences the report prints as they are (what was skipped and why)
 */
public record SuiteReport(boolean quick, Map<String, Object> settings, Map<String, String> machine, double seconds,
    List<TaskReport> tasks, Perf perf, List<String> notes) {
  public SuiteReport {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    machine = Collections.unmodifiableMap(new LinkedHashMap<>(machine));
    tasks = List.copyOf(tasks);
    notes = List.copyOf(notes);
  }
}
