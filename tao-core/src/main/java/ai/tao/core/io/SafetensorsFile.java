package ai.tao.core.io;

import ai.tao.api.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One safetensors file, opened for reading.
 *
 * <p>{@link #open} reads and checks the whole header before anything else: every tensor's dtype,
 * shape and offsets must be consistent and inside the file, or it throws {@link ModelLoadException}
 * naming the file, the tensor and what to do. Tensor data is then read through read-only memory
 * mappings, one per tensor (or per 1 GiB window of a larger one), so files of any size open without
 * copying them onto the Java heap.
 *
 * <p>Safe for concurrent reads from several threads. Mapped buffers from {@link #raw} stay valid after
 * {@link #close}; new reads after it fail.
 *
 * @since 0.1
 */
public final class SafetensorsFile implements AutoCloseable {

  /** Bytes mapped at once by {@link #readFloats}; a multiple of every element size. */
  static final long WINDOW_BYTES = 1L << 30;

  private final Path path;
  private final FileChannel channel;
  private final SafetensorsHeader header;
  private final long windowBytes;
  private volatile boolean closed;

  private SafetensorsFile(Path path, FileChannel channel, SafetensorsHeader header, long windowBytes) {
    this.path = path;
    this.channel = channel;
    this.header = header;
    this.windowBytes = windowBytes;
  }

  /**
   * Opens {@code file} and validates its header.
   *
   * @throws ModelLoadException if the file is missing, unreadable, truncated or malformed
   */
  public static SafetensorsFile open(Path file) {
    return open(file, WINDOW_BYTES);
  }

  /** {@link #open(Path)} with a smaller mapping window, so tests can cross window boundaries. */
  static SafetensorsFile open(Path file, long windowBytes) {
    Objects.requireNonNull(file, "file");
    if (windowBytes <= 0 || windowBytes % 8 != 0) {
      throw new IllegalArgumentException("windowBytes must be a positive multiple of 8, was " + windowBytes);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new ModelLoadException("safetensors file " + file + " does not exist: check the path", e);
    } catch (IOException e) {
      throw new ModelLoadException("cannot open safetensors file " + file + " (" + e
          + "): check that it is a readable file", e);
    }
    try {
      return new SafetensorsFile(file, channel, SafetensorsHeader.read(file, channel), windowBytes);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new ModelLoadException("cannot read safetensors file " + file + " (" + e + "): check the disk and"
          + " re-download the file if the problem stays", e);
    } catch (RuntimeException | Error e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** The file this was opened from. */
  public Path path() {
    return path;
  }

  /** Tensor names in sorted order. */
  public Set<String> names() {
    return header.tensors().keySet();
  }

  /** The {@code __metadata__} entries in file order, e.g. {@code format=pt}; empty if there are none. */
  public Map<String, String> metadata() {
    return header.metadata();
  }

  /** Whether the file holds a tensor of this name. */
  public boolean contains(String name) {
    return header.tensors().containsKey(Objects.requireNonNull(name, "name"));
  }

  /**
   * Where a tensor lies and what it holds.
   *
   * @throws ModelLoadException if there is no such tensor; the message lists some that exist
   */
  public TensorInfo info(String name) {
    Objects.requireNonNull(name, "name");
    TensorInfo info = header.tensors().get(name);
    if (info == null) {
      throw new ModelLoadException(missingMessage("safetensors file " + path, name, names()));
    }
    return info;
  }

  /**
   * A tensor's elements as floats, row-major, converted from F32, F16 or BF16.
   *
   * @throws ModelLoadException for a missing tensor, another dtype, or one too large for a Java array
   */
  public float[] readFloats(String name) {
    TensorInfo info = info(name);
    ensureOpen();
    if (!info.dtype().supported()) {
      throw new ModelLoadException("safetensors file " + path + ": tensor " + name + " has dtype "
          + info.dtype() + ", which TAO cannot read as floats (it reads " + DType.supportedNames()
          + "): convert the checkpoint, e.g. re-save it in float32 or bfloat16");
    }
    long numel = info.numel();
    if (numel > Integer.MAX_VALUE - 8) {
      throw new ModelLoadException("safetensors file " + path + ": tensor " + name + " has " + numel
          + " elements, more than a Java array holds: split it, e.g. shard the layer, before loading");
    }
    float[] out = new float[(int) numel];
    int size = info.dtype().byteSize();
    long done = 0;
    while (done < numel) {
      long count = Math.min(numel - done, windowBytes / size);
      ByteBuffer window = map(info, info.begin() + done * size, count * size);
      decode(info.dtype(), window, out, (int) done, (int) count);
      done += count;
    }
    return out;
  }

  /**
   * A tensor's bytes as stored: a read-only, little-endian buffer over a memory mapping, positioned
   * at 0 with {@code info(name).byteSize()} bytes remaining. Works for every recognized dtype.
   *
   * @throws ModelLoadException for a missing tensor or one larger than 2 GiB (use {@link #readFloats})
   */
  public ByteBuffer raw(String name) {
    TensorInfo info = info(name);
    ensureOpen();
    if (info.byteSize() > Integer.MAX_VALUE) {
      throw new ModelLoadException("safetensors file " + path + ": tensor " + name + " is " + info.byteSize()
          + " bytes, more than one ByteBuffer holds (2 GiB): read it with readFloats instead");
    }
    return map(info, info.begin(), info.byteSize()).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Closes the file. Idempotent. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(channel);
  }

  @Override
  public String toString() {
    return "SafetensorsFile[" + path + ", " + names().size() + " tensors]";
  }

  private ByteBuffer map(TensorInfo info, long relativeOffset, long length) {
    if (length == 0) {
      return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }
    try {
      MappedByteBuffer buffer =
          channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + relativeOffset, length);
      buffer.order(ByteOrder.LITTLE_ENDIAN);
      return buffer;
    } catch (IOException e) {
      ensureOpen();
      throw new ModelLoadException("cannot map tensor " + info.name() + " of safetensors file " + path
          + " (" + e + "): check that the file was not truncated or replaced while open", e);
    }
  }

  private static void decode(DType dtype, ByteBuffer src, float[] dst, int offset, int count) {
    switch (dtype) {
      case F32 -> src.asFloatBuffer().get(dst, offset, count);
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          dst[offset + i] = HalfFloats.bf16ToFloat(src.getShort(2 * i));
        }
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          dst[offset + i] = HalfFloats.f16ToFloat(src.getShort(2 * i));
        }
      }
      default -> throw new IllegalStateException("not a float dtype: " + dtype);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("safetensors file " + path + " is closed");
    }
  }

  /** "no tensor X in WHERE; it has N tensors, e.g. a, b, c", preferring names that look alike. */
  static String missingMessage(String where, String name, Collection<String> names) {
    List<String> similar = new ArrayList<>();
    for (String n : names) {
      if (n.endsWith(name) || name.endsWith(n) || n.contains(name)) {
        similar.add(n);
      }
    }
    StringBuilder sb = new StringBuilder("no tensor ").append(name).append(" in ").append(where).append("; ");
    if (names.isEmpty()) {
      return sb.append("it has no tensors at all: check that it is the right file").toString();
    }
    sb.append("it has ").append(names.size()).append(names.size() == 1 ? " tensor" : " tensors");
    if (!similar.isEmpty()) {
      sb.append(", among them ").append(String.join(", ", similar.subList(0, Math.min(5, similar.size()))));
    } else {
      sb.append(", e.g. ").append(String.join(", ", names.stream().limit(5).toList()));
    }
    return sb.append(": check the tensor name and the model architecture").toString();
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing to recover: the channel is read-only and its mappings are independent of it.
    }
  }
}
