package ai.tao.rewards.spi;

import ai.tao.api.ConfigurationException;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.api.Scorer;
import ai.tao.rewards.TaskRouterScorer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the {@code router} scorer ({@link TaskRouterScorer}) from registered scorers.
 *
 * <p>Options: {@code routes} (required), comma-separated {@code task:scorer} pairs; {@code key}
 * (the prompt metadata key, default {@code task}); {@code fallback} (a scorer name for tasks
 * without a route); each route's own options prefixed with its task and a dot, the fallback's with
 * {@code fallback.}: {@code routes=sql:sql-consensus,qa:majority-agreement, sql.script=...}.
 *
 * @since 0.1
 */
public final class TaskRouterScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "router";
  }

  @Override
  public String description() {
    return "one scorer per task, named by the prompt's metadata. Options: routes=task:scorer,...; key;"
        + " fallback; <task>.<option>, fallback.<option>";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    Map<String, String> routes = routes(options);
    List<String> labels = new ArrayList<>(routes.keySet());
    String fallback = options.get("fallback").map(String::strip).orElse("");
    if (!fallback.isEmpty()) {
      if (routes.containsKey("fallback")) {
        throw new ConfigurationException("scorer 'router': a task named 'fallback' clashes with the fallback"
            + " option; rename the task");
      }
      labels.add("fallback");
    }
    Set<String> known = new HashSet<>(Set.of("routes", "key", "fallback"));
    PartScorers made = new PartScorers(name(), options, labels, known);
    options.requireOnly(name(), known);
    try {
      TaskRouterScorer.Builder b = TaskRouterScorer.builder().key(options.string("key", "task"));
      routes.forEach((task, scorer) -> b.route(task, made.create(task, scorer)));
      if (!fallback.isEmpty()) {
        b.fallback(made.create("fallback", fallback));
      }
      return b.build();
    } catch (RuntimeException e) {
      throw made.closeAfter(e);
    }
  }

  private static Map<String, String> routes(ScorerOptions options) {
    List<String> entries = Options.list(options, "routes");
    if (entries.isEmpty()) {
      throw new ConfigurationException("scorer 'router' needs option 'routes', such as"
          + " routes=sql:sql-consensus,qa:majority-agreement");
    }
    Map<String, String> routes = new LinkedHashMap<>();
    for (String entry : entries) {
      int colon = entry.indexOf(':');
      String task = colon < 0 ? "" : entry.substring(0, colon).strip();
      String scorer = colon < 0 ? "" : entry.substring(colon + 1).strip();
      if (task.isEmpty() || scorer.isEmpty() || task.contains(".")) {
        throw new ConfigurationException("scorer 'router' route '" + entry
            + "' is not task:scorer with a task name without dots");
      }
      if (routes.putIfAbsent(task, scorer) != null) {
        throw new ConfigurationException("scorer 'router' routes task '" + task + "' twice");
      }
    }
    return routes;
  }
}
