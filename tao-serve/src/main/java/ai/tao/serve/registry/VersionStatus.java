package ai.tao.serve.registry;

/**
 * What was decided about a version when it was registered. Written once into its manifest: which
 * version serves is the registry's {@code current} pointer, never a manifest field, so a version's
 * folder never changes after it becomes visible.
 *
 * @since 0.5
 */
public enum VersionStatus {
  /** Registered without a gate's verdict: a base model, or a version an operator brought in. */
  CANDIDATE,
  /** The {@link EvaluationGate} passed it. */
  APPROVED,
  /**
   * The {@link EvaluationGate} refused it; kept for the record (its metrics say why) and never
   * promoted: {@link ModelRegistry#promote} refuses it.
   */
  REJECTED
}
