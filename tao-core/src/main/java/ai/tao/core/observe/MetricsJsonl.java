package ai.tao.core.observe;

import ai.tao.api.OutputException;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes one JSON line per event of a run: its settings ({@code "event":"run"}), every step
 * (round, step, every metric), collapse stops, warnings and rounds, flushed at once, so a run that
 * dies keeps every line it wrote. The file must not exist yet: two runs never share one.
 *
 * <p>A resumed run continues the file of the run it resumes ({@link #resume}): the file is cut back
 * to the length it had when the resume state was written, so the steps redone after it are not
 * listed twice, and a {@code "event":"resume"} line marks the seam.
 *
 * @since 0.1
 */
public final class MetricsJsonl implements TaoListener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] NEWLINE = System.lineSeparator().getBytes(StandardCharsets.UTF_8);
  private final Path file;
  private final FileChannel out;
  /** CRC-32C of every byte of the file so far. */
  private final CRC32C crc;
  private long length;

  /**
   * @throws OutputException if the file exists already or cannot be created
   */
  public MetricsJsonl(Path file) {
    this.file = file;
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      crc = new CRC32C();
    } catch (FileAlreadyExistsException e) {
      throw new OutputException("metrics file " + file + " exists already: it belongs to another run; choose a new"
          + " output folder or delete it", e);
    } catch (IOException e) {
      throw new OutputException("cannot create metrics file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A file continued after {@code length} bytes whose checksum {@code crc} holds; later bytes go on updating it. */
  private MetricsJsonl(Path file, FileChannel out, long length, CRC32C crc) {
    this.file = file;
    this.out = out;
    this.length = length;
    this.crc = crc;
  }

  /**
   * Continues {@code file} as the run resumed from a state that recorded {@code position}: checks
   * that the file still starts with what was written up to then, cuts off what was written after,
   * and appends from there.
   *
   * @throws OutputException if the file is shorter or its first {@code position.bytes()} bytes are
   *     not the ones the state recorded (the file was edited or replaced)
   * @since 0.4
   */
  public static MetricsJsonl resume(Path file, Position position) {
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      try {
        if (ch.size() < position.bytes()) {
          throw new OutputException("metrics file " + file + " has " + ch.size() + " bytes but had " + position.bytes()
              + " when the resume state was written: it was cut or replaced since; restore it, or start a new output"
              + " folder");
        }
        CRC32C c = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long left = position.bytes();
        ch.position(0);
        while (left > 0) {
          buf.clear().limit((int) Math.min(buf.capacity(), left));
          int n = ch.read(buf);
          if (n < 0) {
            break;
          }
          buf.flip();
          c.update(buf);
          left -= n;
        }
        if (c.getValue() != position.crc32c()) {
          throw new OutputException("metrics file " + file + " does not start with the lines it held when the resume"
              + " state was written (checksum differs): it was edited since; restore it, or start a new output folder");
        }
        ch.truncate(position.bytes());
        ch.position(position.bytes());
        return new MetricsJsonl(file, ch, position.bytes(), c);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    } catch (IOException e) {
      throw new OutputException("cannot continue metrics file " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /**
   * Forces what was written to disk and says how much that is: the point a resume state records.
   *
   * @since 0.4
   */
  public Position sync() {
    try {
      out.force(true);
    } catch (IOException e) {
      throw new OutputException("cannot sync metrics file " + file + ": " + e.getMessage(), e);
    }
    return new Position(length, crc.getValue());
  }

  @Override
  public void onEvent(TaoEvent event) {
    ObjectNode n = JSON.createObjectNode();
    if (event instanceof TaoEvent.RunStarted r) {
      n.put("event", "run");
      n.set("config", JSON.valueToTree(r.config()));
    } else if (event instanceof TaoEvent.RunResumed r) {
      n.put("event", "resume").put("steps_done", r.stepsDone()).put("round", r.round()).put("step", r.step())
          .put("state", r.state().toString());
    } else if (event instanceof TaoEvent.StepCompleted s) {
      n.put("event", "step").put("round", s.round()).put("step", s.step()).put("total_steps", s.totalSteps());
      put(n, s.metrics().toMap());
      s.metrics().train().skip().ifPresent(k -> n.put("skip_reason", k.reason().name()));
    } else if (event instanceof TaoEvent.CollapseDetected c) {
      n.put("event", "collapse").put("round", c.stop().round()).put("after_step", c.stop().afterStep())
          .put("reason", c.stop().reason().name()).put("message", c.stop().message());
      c.stop().restoredTo().ifPresent(v -> n.put("restored_to_step", v));
    } else if (event instanceof TaoEvent.RoundCompleted r) {
      n.put("event", "round").put("round", r.round()).put("steps", r.steps());
      r.checkpoint().ifPresent(p -> n.put("checkpoint", p.toString()));
    } else if (event instanceof TaoEvent.Warning w) {
      n.put("event", "warning").put("message", w.message());
    } else if (event instanceof TaoEvent.RunCompleted r) {
      n.put("event", "end").put("seconds", r.seconds());
    } else {
      return;
    }
    try {
      byte[] line = JSON.writeValueAsBytes(n);
      write(line);
      write(NEWLINE);
    } catch (IOException e) {
      throw new OutputException("cannot write metrics to " + file + ": " + e.getMessage(), e);
    }
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      out.write(b);
    }
    crc.update(bytes);
    length += bytes.length;
  }

  private static void put(ObjectNode n, Map<String, Double> metrics) {
    metrics.forEach((k, v) -> {
      if (Double.isFinite(v)) {
        n.put(k, v);
      } else {
        n.put(k, String.valueOf(v));
      }
    });
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new OutputException("cannot close metrics file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * How much of the file was written at one moment: its length and the CRC-32C of those bytes.
   *
   * @since 0.4
   */
  public record Position(long bytes, long crc32c) {}
}
