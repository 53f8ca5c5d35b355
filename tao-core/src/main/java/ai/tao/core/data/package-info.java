/**
 * Where prompts come from: JSONL prompt files, one per run or one per flywheel round
 * ({@link ai.tao.core.data.PromptFiles}).
 *
 * <p>Prompt files carry inputs only. The reader rejects label-like fields, so the label-free
 * guarantee of a TAO run does not rest on the care of whoever exported the data.
 *
 * @since 0.1
 */
package ai.tao.core.data;
