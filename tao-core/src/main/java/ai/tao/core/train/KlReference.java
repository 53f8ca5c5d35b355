package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.tao.core.model.CausalLm;

/**
 * The model a KL penalty compares the policy against, as per-token log-probs of a batch's targets.
 * For a fully trained policy, a frozen copy of its starting weights; for a LoRA policy, the policy
 * itself with its adapters switched off (the frozen base), so no second copy of the model is held.
 */
abstract class KlReference implements AutoCloseable {
  private int passes;

  /** (B, T) log-probs of {@code pb}'s targets under the reference, without gradients. */
  final NDArray logProbs(PackedBatch pb, NDManager m) {
    passes++;
    return referenceLogProbs(pb, m);
  }

  /** Forward passes {@link #logProbs} has made so far. */
  int passes() {
    return passes;
  }

  abstract NDArray referenceLogProbs(PackedBatch pb, NDManager m);

  /** Identifies the reference's weights, so a resumed run can check it compares against the same model. */
  abstract String fingerprint();

  @Override
  public abstract void close();

  /** The reference for {@code model} as it is now: adapters off when it has them, else a frozen copy. */
  static KlReference of(CausalLm model) {
    return model.adapters().isPresent() ? new BaseWithoutAdapters(model) : new FrozenCopy(model);
  }

  private static final class FrozenCopy extends KlReference {
    private final NDManager manager;
    private final CausalLm copy;
    private String fingerprint;

    FrozenCopy(CausalLm model) {
      manager = model.weights().manager().getParentManager().newSubManager();
      copy = new CausalLm(model.weights().copy(manager));
    }

    @Override
    NDArray referenceLogProbs(PackedBatch pb, NDManager m) {
      return TokenLogProbs.of(copy, pb, m).logProbs(); // without gradients
    }

    @Override
    String fingerprint() {
      if (fingerprint == null) {
        fingerprint = copy.weights().fingerprint();
      }
      return fingerprint;
    }

    @Override
    public void close() {
      copy.close();
      manager.close();
    }
  }

  private static final class BaseWithoutAdapters extends KlReference {
    private final CausalLm model;
    private String fingerprint;

    BaseWithoutAdapters(CausalLm model) {
      this.model = model;
    }

    @Override
    NDArray referenceLogProbs(PackedBatch pb, NDManager m) {
      boolean was = model.adaptersEnabled();
      model.adaptersEnabled(false);
      try {
        return TokenLogProbs.of(model, pb, m).logProbs(); // without gradients
      } finally {
        model.adaptersEnabled(was);
      }
    }

    @Override
    String fingerprint() {
      if (fingerprint == null) {
        fingerprint = "base " + model.weights().fingerprint(); // frozen under LoRA: the same all run
      }
      return fingerprint;
    }

    @Override
    public void close() {}
  }
}
