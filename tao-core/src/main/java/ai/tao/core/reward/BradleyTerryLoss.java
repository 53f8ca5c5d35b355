package ai.tao.core.reward;

import ai.djl.ndarray.NDArray;
import ai.tao.api.ConfigurationException;

/**
 * The reward model's loss: Bradley–Terry, {@code −log σ(r⁺ − r⁻ − m)} averaged over pairs, plus
 * the centring term {@code c · mean((r⁺ + r⁻)²)} (TRL's {@code center_rewards_coefficient},
 * Eisenstein et al. 2023), which keeps rewards near zero: Bradley–Terry alone fixes only their
 * differences, so they can drift.
 *
 * @param margin added to each pair's own margin: the chosen reward must exceed the rejected by at
 *     least this much before the loss lets go; ≥ 0, default 0
 * @param centerCoefficient weight {@code c} of the centring term; ≥ 0, 0 turns it off (TRL's
 *     default); TRL's docs suggest 0.01
 * @since 0.3
 */
public record BradleyTerryLoss(double margin, double centerCoefficient) {

  /** @throws ConfigurationException if a setting is negative or not finite */
  public BradleyTerryLoss {
    if (!(margin >= 0) || !(centerCoefficient >= 0) || Double.isInfinite(margin)
        || Double.isInfinite(centerCoefficient)) {
      throw new ConfigurationException("Bradley-Terry margin and centerCoefficient must be finite and >= 0, got "
          + margin + " and " + centerCoefficient);
    }
  }

  /**
   * The loss of a batch of pairs, differentiable in the rewards.
   *
   * @param chosen (P) rewards of the chosen responses
   * @param rejected (P) rewards of the rejected responses
   * @param pairMargins (P) each pair's own margin (zeros when the data has none)
   * @return a scalar
   */
  public NDArray apply(NDArray chosen, NDArray rejected, NDArray pairMargins) {
    NDArray z = rejected.sub(chosen).add(pairMargins).add((float) margin); // (P): −(r⁺ − r⁻ − m)
    // softplus(z) = −log σ(−z), written stably: max(z, 0) + log(1 + exp(−|z|)).
    NDArray nll = z.maximum(0f).add(z.abs().neg().exp().add(1f).log()); // (P)
    NDArray loss = nll.mean();
    if (centerCoefficient > 0) {
      loss = loss.add(chosen.add(rejected).square().mean().mul((float) centerCoefficient));
    }
    return loss;
  }

  /** {@code log(1 + e^z)} in double precision, stable for large |z|. */
  static double softplus(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }
}
