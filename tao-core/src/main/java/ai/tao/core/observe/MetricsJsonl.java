package ai.tao.core.observe;

import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes one JSON line per training step (round, step, every metric) and per round, flushed at
 * once, so a run that dies keeps every line it wrote.
 *
 * @since 0.1
 */
public final class MetricsJsonl implements TaoListener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final BufferedWriter out;

  public MetricsJsonl(Path file) {
    this.file = file;
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open metrics file " + file, e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public void onEvent(TaoEvent event) {
    ObjectNode n = JSON.createObjectNode();
    if (event instanceof TaoEvent.StepCompleted s) {
      n.put("event", "step").put("round", s.round()).put("step", s.step()).put("total_steps", s.totalSteps());
      put(n, s.metrics());
    } else if (event instanceof TaoEvent.RoundCompleted r) {
      n.put("event", "round").put("round", r.round());
      r.checkpoint().ifPresent(p -> n.put("checkpoint", p.toString()));
      put(n, r.metrics());
    } else if (event instanceof TaoEvent.Warning w) {
      n.put("event", "warning").put("message", w.message());
    } else {
      return;
    }
    try {
      out.write(JSON.writeValueAsString(n));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics to " + file, e);
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
      throw new UncheckedIOException("cannot close metrics file " + file, e);
    }
  }
}
