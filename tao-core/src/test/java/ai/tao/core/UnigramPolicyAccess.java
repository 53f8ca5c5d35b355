package ai.tao.core;

/** Lets tests in other packages read and write a {@link UnigramPolicy}'s weights. */
public final class UnigramPolicyAccess {
  private UnigramPolicyAccess() {}

  /** Writes {@code value} into the first logit. */
  public static void mark(UnigramPolicy p, double value) {
    p.logits[0] = value;
  }

  /** The first logit. */
  public static double mark(UnigramPolicy p) {
    return p.logits[0];
  }

  /** A copy of every logit. */
  public static double[] logits(UnigramPolicy p) {
    return p.logits.clone();
  }
}
