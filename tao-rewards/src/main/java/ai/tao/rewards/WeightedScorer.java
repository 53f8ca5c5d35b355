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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A weighted combination of scorers: the {@code weighted} scorer.
 *
 * <pre>{@code
 * Scorer reward = Scorers.weighted()
 *     .add(Scorers.jsonValid().build(), 0.3)
 *     .add(Scorers.length().range(20, 200).build(), 0.7)
 *     .build();
 * }</pre>
 *
 * <p>For each candidate the value is {@code sum(w_i * v_i) / sum(w_i)} over the parts whose score
 * is applicable, so a part that cannot judge a candidate neither drags it down nor counts; if no
 * part is applicable the candidate is not applicable. Components: each applicable part's value
 * under its label, and its own components under {@code label.component}. The reason joins the
 * parts' reasons, each prefixed with its label.
 *
 * <p>A part that throws, or returns the wrong number of scores, fails the whole call with a {@link
 * ScoringException} naming the part and the prompt: a broken reward must not pass as a low one.
 *
 * @since 0.1
 */
public final class WeightedScorer implements Scorer {

  /**
   * One weighted part.
   *
   * @param label names the part in components and errors; unique within a scorer
   * @param scorer the part's scorer
   * @param weight finite and {@code > 0}
   */
  public record Part(String label, Scorer scorer, double weight) {

    /**
     * @throws ConfigurationException if the label is blank or the weight not finite and positive
     */
    public Part {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(scorer, "scorer");
      if (label.isBlank()) {
        throw new ConfigurationException("weighted part label must not be blank");
      }
      if (!(weight > 0.0) || Double.isInfinite(weight)) {
        throw new ConfigurationException(
            "weighted part '" + label + "' weight must be finite and > 0, got " + weight);
      }
    }
  }

  private final List<Part> parts;

  private WeightedScorer(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    parts.forEach(p -> b.add(p.label(), p.scorer(), p.weight()));
    return b;
  }

  /** The parts, in the order they were added. */
  public List<Part> parts() {
    return parts;
  }

  @Override
  public String name() {
    return "weighted";
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    List<List<Score>> byPart = new ArrayList<>(parts.size());
    for (Part part : parts) {
      byPart.add(Parts.score("weighted part '" + part.label() + "'", part.scorer(), group));
    }
    List<Score> scores = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      scores.add(combine(byPart, i));
    }
    return scores;
  }

  private Score combine(List<List<Score>> byPart, int candidate) {
    double sum = 0.0;
    double weights = 0.0;
    Map<String, Double> components = new LinkedHashMap<>();
    List<String> reasons = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      Part part = parts.get(p);
      Score s = byPart.get(p).get(candidate);
      if (!s.reason().isEmpty()) {
        reasons.add(part.label() + (s.applicable() ? ": " : ": not applicable: ") + s.reason());
      }
      if (!s.applicable()) {
        continue;
      }
      sum += part.weight() * s.value();
      weights += part.weight();
      components.put(part.label(), s.value());
      s.components().forEach((k, v) -> components.put(part.label() + "." + k, v));
    }
    if (weights == 0.0) {
      return Score.notApplicable("no part could judge this candidate: " + String.join("; ", reasons));
    }
    return new Score(sum / weights, components, true, String.join("; ", reasons));
  }

  /** The first part's answer that has one: the parts judge one task, so their answers agree. */
  @Override
  public Optional<String> answerOf(Prompt prompt, Completion candidate) {
    for (Part p : parts) {
      Optional<String> a = p.scorer().answerOf(prompt, candidate);
      if (a.isPresent()) {
        return a;
      }
    }
    return Optional.empty();
  }

  /** Each part's counters under its label. */
  @Override
  public Map<String, Double> drainCounters() {
    Map<String, Scorer> labelled = new LinkedHashMap<>();
    parts.forEach(p -> labelled.put(p.label(), p.scorer()));
    return Parts.drainCounters(labelled);
  }

  /** Closes every part (a weighted scorer owns its parts), the first failure rethrown after all are closed. */
  @Override
  public void close() {
    Parts.closeAll(parts.stream().map(Part::scorer).toList());
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("WeightedScorer[");
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      sb.append(i == 0 ? "" : ", ").append(p.label()).append('=').append(p.weight());
    }
    return sb.append(']').toString();
  }

  /**
   * Builder for {@link WeightedScorer}; {@link #build()} needs at least one part.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Map<String, Part> parts = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a part labelled with the scorer's {@link Scorer#name()}.
     *
     * @throws ConfigurationException if that label is taken: use {@link #add(String, Scorer,
     *     double)} to label a second scorer of the same kind
     */
    public Builder add(Scorer scorer, double weight) {
      Objects.requireNonNull(scorer, "scorer");
      return add(scorer.name(), scorer, weight);
    }

    /** Adds a part under {@code label}. */
    public Builder add(String label, Scorer scorer, double weight) {
      Part part = new Part(label, scorer, weight);
      if (parts.putIfAbsent(label, part) != null) {
        throw new ConfigurationException("weighted part label '" + label
            + "' is used twice: give the second part its own label with add(label, scorer, weight)");
      }
      return this;
    }

    /**
     * @throws ConfigurationException if there are no parts
     */
    public WeightedScorer build() {
      if (parts.isEmpty()) {
        throw new ConfigurationException("weighted scorer has no parts: add(scorer, weight)");
      }
      return new WeightedScorer(new ArrayList<>(parts.values()));
    }
  }
}
