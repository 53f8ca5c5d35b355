/**
 * The flywheel's last two steps: decide whether a tuned policy may serve ({@link
 * ai.tao.serve.registry.EvaluationGate}), and keep every version, the pointer to the one that
 * serves and its history on disk ({@link ai.tao.serve.registry.ModelRegistry}).
 *
 * <p><b>How it plugs into serving.</b> The registry does not call the gateway: promotion is a file
 * switch any process can make, and the process that serves swaps when it is told to. A flywheel
 * round in one process reads:
 *
 * <pre>{@code
 * GateDecision decision = gate.evaluate(tuned, currentCopy);   // currentCopy: not the served instance
 * ModelVersion v = registry.register(tuned, Registration.builder()
 *     .parent(registry.current().orElseThrow().id()).datasetVersion(watermark).gate(decision).build());
 * if (decision.promote()) {
 *   registry.promote(v.id());
 *   gateway.swap(registry.load(v, DecoderPolicy::load), v.id()).thenAccept(Policy::close);
 * }
 * }</pre>
 *
 * and a rollback is the same two steps: {@code ModelVersion back = registry.rollback();} then
 * {@code gateway.swap(registry.load(back, DecoderPolicy::load), back.id())}. A server that starts
 * serves {@code registry.current()}. The version id is the gateway's version, so the inference
 * table records which version answered each request.
 *
 * @since 0.5
 */
package ai.tao.serve.registry;
