/**
 * The flywheel's intake: served traffic, read back from the {@link ai.tao.serve.table.InferenceTable},
 * becomes the next round's prompts. {@link ai.tao.serve.flywheel.TablePromptSource} reads the rows
 * since the committed watermark and passes them through {@link ai.tao.serve.flywheel.PiiScrubber}
 * (personal data out), {@link ai.tao.serve.flywheel.NearDuplicateFilter} (repeats out, across
 * rounds) and optionally {@link ai.tao.serve.flywheel.DifficultyFilter} (prompts the policy already
 * answers unanimously out), then keeps each round's dataset as a versioned JSONL file.
 *
 * <p>Prompts carry no answers: the responses and the feedback of the table are never read here.
 *
 * @since 0.5
 */
package ai.tao.serve.flywheel;
