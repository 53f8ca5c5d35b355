package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScoringException;
import ai.tao.rewards.internal.Parts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One scorer per task: the {@code router} scorer, for TAO over a mix of tasks. Each prompt names
 * its task in its metadata (key {@code task} unless set), and its group goes to that task's scorer.
 *
 * <pre>{@code
 * Scorer reward = Scorers.router()
 *     .route("sql", sqlConsensus)
 *     .route("doc-qa", Scorers.majorityAgreement().build())
 *     .build();
 * }</pre>
 *
 * <p>A prompt without the key, or with a task that has no route and no {@link Builder#fallback},
 * fails the call with a {@link ScoringException} naming the prompt and the routes there are: a
 * prompt scored by the wrong rules must not pass silently. The router owns its scorers and closes
 * each once.
 *
 * @since 0.1
 */
public final class TaskRouterScorer implements Scorer {
  private final String key;
  private final Map<String, Scorer> routes;
  private final Scorer fallback;

  private TaskRouterScorer(String key, Map<String, Scorer> routes, Scorer fallback) {
    this.key = key;
    this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    this.fallback = fallback;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "router";
  }

  /** The metadata key that names a prompt's task. */
  public String key() {
    return key;
  }

  /** The scorer of each task, in the order routed. */
  public Map<String, Scorer> routes() {
    return routes;
  }

  /** The scorer {@code group} goes to. */
  public Scorer scorerFor(CandidateGroup group) {
    String task = group.prompt().metadata().get(key);
    Scorer s = task == null ? null : routes.get(task);
    if (s != null) {
      return s;
    }
    if (fallback != null) {
      return fallback;
    }
    throw new ScoringException("router: prompt '" + group.prompt().id() + "' "
        + (task == null ? "has no metadata '" + key + "'" : "names task '" + task + "', which has no route")
        + "; routes: " + routes.keySet() + ". Set the prompt's '" + key + "', add a route or a fallback");
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    Scorer s = scorerFor(group);
    String task = group.prompt().metadata().get(key);
    return Parts.score(routes.containsKey(task) ? "router task '" + task + "'" : "router fallback", s, group);
  }

  /** The answer of the scorer the prompt is routed to; empty for a prompt with no route. */
  @Override
  public Optional<String> answerOf(Prompt prompt, Completion candidate) {
    Scorer s = routes.get(prompt.metadata().get(key));
    if (s == null) {
      s = fallback;
    }
    return s == null ? Optional.empty() : s.answerOf(prompt, candidate);
  }

  /** Each route's counters under its task name, the fallback's under {@code fallback}. */
  @Override
  public Map<String, Double> drainCounters() {
    Map<String, Scorer> labelled = new LinkedHashMap<>(routes);
    if (fallback != null) {
      labelled.put("fallback", fallback);
    }
    return Parts.drainCounters(labelled);
  }

  /** Closes every distinct scorer once, the first failure rethrown after all are closed. */
  @Override
  public void close() {
    List<Scorer> all = new ArrayList<>(routes.values());
    if (fallback != null) {
      all.add(fallback);
    }
    Parts.closeAll(all);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TaskRouterScorer[key=").append(key);
    routes.forEach((task, s) -> sb.append(", ").append(task).append('=').append(s.name()));
    if (fallback != null) {
      sb.append(", fallback=").append(fallback.name());
    }
    return sb.append(']').toString();
  }

  /**
   * Builder for {@link TaskRouterScorer}; {@link #build()} needs at least one route.
   *
   * @since 0.1
   */
  public static final class Builder {
    private String key = "task";
    private final Map<String, Scorer> routes = new LinkedHashMap<>();
    private Scorer fallback;

    private Builder() {}

    /** The prompt metadata key that names the task; default {@code task}. */
    public Builder key(String key) {
      Objects.requireNonNull(key, "key");
      if (key.isBlank()) {
        throw new ConfigurationException("router metadata key must not be blank");
      }
      this.key = key;
      return this;
    }

    /** Scores the prompts of {@code task} with {@code scorer}. */
    public Builder route(String task, Scorer scorer) {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(scorer, "scorer");
      if (task.isBlank()) {
        throw new ConfigurationException("router task name must not be blank");
      }
      if (routes.putIfAbsent(task, scorer) != null) {
        throw new ConfigurationException("router task '" + task + "' is routed twice; routes: " + routes.keySet());
      }
      return this;
    }

    /** Scores the prompts of every task without a route; default none (such prompts fail). */
    public Builder fallback(Scorer scorer) {
      this.fallback = Objects.requireNonNull(scorer, "fallback");
      return this;
    }

    /** @throws ConfigurationException if no task is routed */
    public TaskRouterScorer build() {
      if (routes.isEmpty()) {
        throw new ConfigurationException("router needs at least one route(task, scorer)");
      }
      return new TaskRouterScorer(key, routes, fallback);
    }
  }
}
