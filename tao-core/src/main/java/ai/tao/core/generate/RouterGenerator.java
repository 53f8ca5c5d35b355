package ai.tao.core.generate;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.Generator;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One generator per task: each prompt goes to the generator its metadata value under {@code key}
 * names, so tasks of one run can sample with their own settings (a longer answer budget for one
 * task, a tighter one for another whose prompts are long). The prompts of each task are generated
 * together, in their order within the step, with the step's seed; the rollouts come back in the
 * step's prompt order. Build with {@link Generators#router()}.
 *
 * @since 0.1
 */
public final class RouterGenerator implements Generator {
  private final String key;
  private final Map<String, Generator> routes;

  private RouterGenerator(String key, Map<String, Generator> routes) {
    this.key = key;
    this.routes = Map.copyOf(routes);
  }

  @Override
  public List<Rollout> generate(Policy policy, List<Prompt> prompts, long seed) {
    Map<String, List<Integer>> byTask = new LinkedHashMap<>();
    for (int i = 0; i < prompts.size(); i++) {
      Prompt p = prompts.get(i);
      String task = p.metadata().get(key);
      if (task == null || !routes.containsKey(task)) {
        throw new DataInputException("prompt '" + p.id() + "' has " + (task == null ? "no metadata key '" + key + "'"
            : key + "='" + task + "'") + ", and the generator router has routes for " + routes.keySet().stream()
            .sorted().toList() + " only; tag every prompt with one of them or add a route");
      }
      byTask.computeIfAbsent(task, t -> new ArrayList<>()).add(i);
    }
    Rollout[] out = new Rollout[prompts.size()];
    byTask.forEach((task, rows) -> {
      List<Rollout> got = routes.get(task).generate(policy, rows.stream().map(prompts::get).toList(), seed);
      for (int j = 0; j < rows.size(); j++) {
        out[rows.get(j)] = got.get(j);
      }
    });
    return Arrays.asList(out);
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    routes.keySet().stream().sorted().forEach(t -> m.put(t, routes.get(t).settings()));
    return m;
  }

  @Override
  public String toString() {
    return "RouterGenerator[key=" + key + ", routes=" + routes.keySet().stream().sorted().toList() + "]";
  }

  /** Builder: {@code key} (required), then one {@code route} per task. */
  public static final class Builder {
    private String key;
    private final Map<String, Generator> routes = new LinkedHashMap<>();

    Builder() {}

    /** The prompt metadata key whose value names the task. */
    public Builder key(String k) { key = k; return this; }

    /** The generator for prompts whose {@code key} is {@code task}; a task routed twice is refused. */
    public Builder route(String task, Generator generator) {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(generator, "generator");
      if (routes.putIfAbsent(task, generator) != null) {
        throw new ConfigurationException("generator router: task '" + task + "' is routed twice; give each task one"
            + " generator");
      }
      return this;
    }

    public RouterGenerator build() {
      if (key == null || key.isBlank()) {
        throw new ConfigurationException("generator router: no metadata key; call key(\"task\") with the key that"
            + " names each prompt's task");
      }
      if (routes.isEmpty()) {
        throw new ConfigurationException("generator router (key '" + key + "'): no routes; add route(task,"
            + " generator) for every task");
      }
      return new RouterGenerator(key, routes);
    }
  }
}
