package ai.tao.serve.flywheel;

import ai.tao.core.TuneResult;
import ai.tao.serve.registry.GateDecision;
import ai.tao.serve.registry.ModelVersion;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Flywheel#turn()} did.
 *
 * @param outcome how the turn ended
 * @param dataset the round's dataset; empty when no turn ran on one (too few new rows, or fewer than two
 *     prompts left after filtering, in which case the source committed it at once and logged its counts)
 * @param trainPrompts prompts the TAO round trained on
 * @param gatePrompts captured prompts held out of training for the gate's shadow evaluation
 * @param parent the version the round started from (the current one)
 * @param tuning the TAO round's result; empty when no round ran
 * @param gate the gate's decision; empty when no round ran
 * @param registered the version registered for the tuned candidate (approved or rejected); empty
 *     when no round ran
 * @param seconds wall-clock time of the turn
 * @since 0.5
 */
public record TurnReport(Outcome outcome, Optional<DatasetManifest> dataset, int trainPrompts, int gatePrompts,
    Optional<String> parent, Optional<TuneSummary> tuning, Optional<GateDecision> gate,
    Optional<ModelVersion> registered, double seconds) {

  public TurnReport {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(tuning, "tuning");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(registered, "registered");
  }

  /** How a turn ended. */
  public enum Outcome {
    /** The candidate passed the gate, was promoted, and (with a gateway) is being served. */
    PROMOTED,
    /** The candidate failed the gate; it is registered as rejected and the current version stays. */
    REJECTED,
    /** Fewer new rows than the turn's minimum, or none left after filtering: nothing was tuned. */
    NOT_ENOUGH_DATA
  }

  /**
   * The TAO round in numbers.
   *
   * @param end how the round ended
   * @param steps optimizer steps run
   * @param meanReward mean reward over the steps that had one (NaN when none had)
   * @param collapseStops messages of collapse-guard stops, if any
   */
  public record TuneSummary(TuneResult.End end, long steps, double meanReward, List<String> collapseStops) {
    public TuneSummary {
      Objects.requireNonNull(end, "end");
      collapseStops = List.copyOf(collapseStops);
    }

    static TuneSummary of(TuneResult r) {
      double mean = r.steps().stream().filter(m -> m.rewardMean().isPresent())
          .mapToDouble(m -> m.rewardMean().getAsDouble()).average().orElse(Double.NaN);
      return new TuneSummary(r.end(), r.stepsRun(), mean,
          r.collapseStops().stream().map(ai.tao.api.CollapseStop::message).toList());
    }
  }

  /** One line for logs. */
  public String summary() {
    StringBuilder s = new StringBuilder(outcome.name().toLowerCase(java.util.Locale.ROOT));
    dataset.ifPresent(d -> s.append(": ").append(d.summary()));
    s.append("; ").append(trainPrompts).append(" prompts trained, ").append(gatePrompts).append(" held out for the gate");
    registered.ifPresent(v -> s.append("; candidate ").append(v.id()));
    parent.ifPresent(p -> s.append(" from ").append(p));
    gate.ifPresent(g -> s.append("; gate: ").append(String.join(" | ", g.reasons())));
    s.append(String.format(java.util.Locale.ROOT, "; %.0f s", seconds));
    return s.toString();
  }
}
