/**
 * Safetensors checkpoints: reading ({@link ai.tao.core.io.SafetensorsFile}, a model folder's shards
 * through {@link ai.tao.core.io.SafetensorsIndex}) and writing ({@link ai.tao.core.io.SafetensorsWriter}).
 *
 * <p>Plain Java arrays and buffers only, no DJL, so it works and is tested without the native engine.
 * Headers are validated in full before any tensor is read; every problem is a
 * {@link ai.tao.api.ModelLoadException} naming the file, the tensor and what to do. Data is memory-mapped
 * per tensor, so checkpoints larger than 2 GB open without being copied onto the heap. F16 and BF16
 * are converted to float in Java ({@link ai.tao.core.io.HalfFloats}), which also keeps BF16 away from
 * the engine, where BF16 arrays crash it.
 *
 * @since 0.1
 */
package ai.tao.core.io;
