/**
 * Text to token ids and back, and conversations to prompt text.
 *
 * <ul>
 *   <li>{@link ai.tao.core.tokenizer.TextTokenizer}: the contract; never truncates or pads.
 *   <li>{@link ai.tao.core.tokenizer.Tokenizers#load(java.nio.file.Path)}: picks the tokenizer of a
 *       model folder: {@link ai.tao.core.tokenizer.HfTokenizer} for a Hugging Face checkpoint
 *       ({@code tokenizer.json}), {@link ai.tao.core.tokenizer.ByteTokenizer} for a model this
 *       project trained ({@code tao_tokenizer.json}).
 *   <li>{@link ai.tao.core.tokenizer.ChatTemplate}: renders messages with the checkpoint's Jinja chat
 *       template (through Jinjava, corrected to render like transformers), or a documented fallback
 *       format when there is none.
 * </ul>
 *
 * <p>Nothing here downloads: Hugging Face tokenizers are built from local files only, with DJL in
 * offline mode and its CPU native library while that library loads (see {@link
 * ai.tao.core.TaoRuntime#withDjlOffline}); setting {@code DJL_OFFLINE=true} and {@code RUST_FLAVOR=cpu}
 * in the environment does the same for the whole JVM.
 *
 * @since 0.1
 */
package ai.tao.core.tokenizer;
