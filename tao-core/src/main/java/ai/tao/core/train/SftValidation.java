package ai.tao.core.train;

import ai.tao.api.Policy;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * What an SFT fit validates on, for early stopping and for choosing the weights it ends with.
 *
 * @since 0.2
 */
public interface SftValidation {

  /** A short name for progress lines, such as {@code val_loss}. */
  String name();

  /** Whether a larger value is better (accuracy) or a smaller one (loss). */
  boolean higherIsBetter();

  /** Measures the trainer's policy as it is now. */
  double measure(SftTrainer trainer);

  /** Mean negative log-likelihood per response token on held-out labeled examples; lower is better. */
  static SftValidation loss(List<LabeledExample> heldOut) {
    List<LabeledExample> examples = List.copyOf(heldOut);
    return new SftValidation() {
      @Override
      public String name() {
        return "val_loss";
      }

      @Override
      public boolean higherIsBetter() {
        return false;
      }

      @Override
      public double measure(SftTrainer trainer) {
        return trainer.loss(examples);
      }
    };
  }

  /** Any measure of the policy where higher is better, such as pass@1 on held-out questions. */
  static SftValidation of(String name, ToDoubleFunction<Policy> measure) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(measure, "measure");
    return new SftValidation() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean higherIsBetter() {
        return true;
      }

      @Override
      public double measure(SftTrainer trainer) {
        return measure.applyAsDouble(trainer.policy());
      }
    };
  }
}
