package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.rewards.internal.Parts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A gate before a score: the {@code gated} scorer. A candidate whose gate score is below the
 * threshold earns {@link Score#zero} and the reason; only the candidates that pass are shown to the
 * inner scorer, as a group of their own, so a consensus scorer votes among well-formed answers
 * only.
 *
 * <pre>{@code
 * Scorer reward = Scorers.gated()
 *     .gate(Scorers.regex().pattern("^Answer: -?\\d+$").build())
 *     .then(Scorers.majorityAgreement().build())
 *     .build();
 * }</pre>
 *
 * <p>A candidate the gate cannot judge is not applicable. Components: {@code gate} (the gate's
 * value) and the inner score's components under {@code score.}. The gated scorer owns both parts
 * and closes them.
 *
 * @since 0.1
 */
public final class GatedScorer implements Scorer {
  private final Scorer gate;
  private final Scorer inner;
  private final double threshold;

  private GatedScorer(Scorer gate, Scorer inner, double threshold) {
    this.gate = gate;
    this.inner = inner;
    this.threshold = threshold;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "gated";
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    List<Score> gates = Parts.score("gated gate", gate, group);
    List<Integer> passed = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      if (passes(gates.get(i))) {
        passed.add(i);
      }
    }
    List<Score> inside = List.of();
    if (!passed.isEmpty()) {
      List<Completion> kept = passed.stream().map(group::candidate).toList();
      inside = Parts.score("gated inner scorer", inner, new CandidateGroup(group.prompt(), kept));
    }
    List<Score> out = new ArrayList<>(group.size());
    int next = 0;
    for (int i = 0; i < group.size(); i++) {
      Score g = gates.get(i);
      if (!g.applicable()) {
        out.add(Score.notApplicable("gate '" + gate.name() + "' could not judge: " + g.reason()));
      } else if (!passes(g)) {
        out.add(new Score(0.0, Map.of("gate", g.value()), true, "gate '" + gate.name() + "' failed ("
            + g.value() + " < " + threshold + ")" + (g.reason().isEmpty() ? "" : ": " + g.reason())));
      } else {
        Score s = inside.get(next++);
        Map<String, Double> components = new LinkedHashMap<>();
        components.put("gate", g.value());
        s.components().forEach((k, v) -> components.put("score." + k, v));
        out.add(new Score(s.value(), components, s.applicable(), s.reason()));
      }
    }
    return out;
  }

  private boolean passes(Score gateScore) {
    return gateScore.applicable() && gateScore.value() >= threshold;
  }

  /** Closes the gate, then the inner scorer, even if the first fails. */
  /** The inner scorer's answer, else the gate's. */
  @Override
  public Optional<String> answerOf(Prompt prompt, Completion candidate) {
    Optional<String> a = inner.answerOf(prompt, candidate);
    return a.isPresent() ? a : gate.answerOf(prompt, candidate);
  }

  /** The gate's counters under {@code gate.}, the inner scorer's under {@code then.}. */
  @Override
  public Map<String, Double> drainCounters() {
    Map<String, Scorer> labelled = new LinkedHashMap<>();
    labelled.put("gate", gate);
    labelled.put("then", inner);
    return Parts.drainCounters(labelled);
  }

  @Override
  public void close() {
    Parts.closeAll(List.of(gate, inner));
  }

  @Override
  public String toString() {
    return "GatedScorer[gate=" + gate.name() + " >= " + threshold + ", then=" + inner.name() + "]";
  }

  /**
   * Builder for {@link GatedScorer}; {@link #build()} needs a gate and an inner scorer.
   *
   * @since 0.1
   */
  public static final class Builder {
    private Scorer gate;
    private Scorer inner;
    private double threshold = 1.0;

    private Builder() {}

    /** The scorer a candidate must pass, such as a format rule. */
    public Builder gate(Scorer gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /** The scorer of the candidates that pass. */
    public Builder then(Scorer inner) {
      this.inner = Objects.requireNonNull(inner, "inner");
      return this;
    }

    /** The gate value a candidate needs; finite, default 1 (a rule that fully passes). */
    public Builder threshold(double threshold) {
      if (!Double.isFinite(threshold)) {
        throw new ConfigurationException("gated threshold must be finite, got " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /** @throws ConfigurationException if the gate or the inner scorer is missing */
    public GatedScorer build() {
      if (gate == null || inner == null) {
        throw new ConfigurationException("gated scorer needs " + (gate == null ? "a gate(...)" : "")
            + (gate == null && inner == null ? " and " : "") + (inner == null ? "a then(...) scorer" : ""));
      }
      return new GatedScorer(gate, inner, threshold);
    }
  }
}
