package ai.tao.core.observe;

import ai.tao.api.OutputException;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes one JSON line per event of a run: its settings ({@code "event":"run"}), every step
 * (round, step, every metric), collapse stops, warnings and rounds, flushed at once, so a run that
 * dies keeps every line it wrote. The file must not exist yet: two runs never share one.
 *
 * @since 0.1
 */
public final class MetricsJsonl implements TaoListener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final BufferedWriter out;

  /**
   * @throws OutputException if the file exists already or cannot be created
   */
  public MetricsJsonl(Path file) {
    this.file = file;
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new OutputException("metrics file " + file + " exists already: it belongs to another run; choose a new"
          + " output folder or delete it", e);
    } catch (IOException e) {
      throw new OutputException("cannot create metrics file " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public void onEvent(TaoEvent event) {
    ObjectNode n = JSON.createObjectNode();
    if (event instanceof TaoEvent.RunStarted r) {
      n.put("event", "run");
      n.set("config", JSON.valueToTree(r.config()));
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
      out.write(JSON.writeValueAsString(n));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new OutputException("cannot write metrics to " + file + ": " + e.getMessage(), e);
    }
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
}
