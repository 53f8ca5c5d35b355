package ai.tao.serve.flywheel;

import ai.tao.api.DataInputException;
import ai.tao.api.Policy;
import ai.tao.core.TuneResult;
import ai.tao.core.io.Durable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dataset's turn folder ({@code WORK/runs/dataset-NNNN}): the TAO run in {@code run/}, and
 * how far the turn got in {@code turn.json}, so that a turn stopped part-way carries on instead of
 * starting over or being refused.
 *
 * <p>The record holds the turn's key (parent version, seed, settings): a folder left by a turn with
 * another key (the registry rolled back meanwhile, a setting changed) is cleared, since its resume
 * states would be refused. Once tuning has finished, the record names the tuned checkpoint and the
 * round's numbers; a later turn on the same dataset gates that checkpoint without tuning again.
 */
final class TurnFolder {
  private static final Logger LOG = LoggerFactory.getLogger(TurnFolder.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String RECORD = "turn.json";

  private final Path dir;
  private final String key;
  private Optional<Path> tuned = Optional.empty();
  private Optional<TurnReport.TuneSummary> summary = Optional.empty();

  private TurnFolder(Path dir, String key) {
    this.dir = dir;
    this.key = key;
  }

  /** The folder for a turn with {@code key}: kept if a turn with the same key left it, else emptied. */
  static TurnFolder open(Path dir, String key) {
    TurnFolder f = new TurnFolder(dir, key);
    Path record = dir.resolve(RECORD);
    if (Files.isRegularFile(record)) {
      JsonNode n = read(record);
      if (key.equals(n.path("key").asText())) {
        if (n.hasNonNull("tuned_checkpoint")) {
          f.tuned = Optional.of(dir.resolve(n.get("tuned_checkpoint").asText()));
          f.summary = Optional.of(new TurnReport.TuneSummary(TuneResult.End.valueOf(n.path("end").asText()),
              n.path("steps").asLong(), n.path("mean_reward").asDouble(Double.NaN), List.of()));
        }
        LOG.info("flywheel: {} holds this dataset's turn from before ({}); carrying on", dir,
            f.tuned.isPresent() ? "tuned, not yet gated" : "tuning not finished");
        return f;
      }
      LOG.warn("flywheel: {} holds a turn of other settings or another parent ({}); starting this one over", dir,
          n.path("key").asText());
    }
    if (Files.exists(dir)) {
      Durable.deleteTree(dir);
    }
    f.write();
    return f;
  }

  /** The TAO run's output folder, {@code run/}. */
  Path runDir() {
    return dir.resolve("run");
  }

  /** The tuned checkpoint, once tuning has finished in this folder. */
  Optional<Path> tuned() {
    return tuned;
  }

  Optional<TurnReport.TuneSummary> summary() {
    return summary;
  }

  /**
   * Records that tuning finished: the round's last checkpoint, or, without one, {@code policy}
   * saved into {@code tuned/}.
   */
  Path recordTuned(TuneResult r, Policy policy) {
    Path checkpoint;
    if (r.checkpoints().isEmpty()) {
      checkpoint = dir.resolve("tuned");
      policy.save(checkpoint);
    } else {
      checkpoint = r.checkpoints().get(r.checkpoints().size() - 1);
    }
    tuned = Optional.of(checkpoint);
    summary = Optional.of(TurnReport.TuneSummary.of(r));
    write();
    return checkpoint;
  }

  /** Deletes the folder: the turn is over and its version (if any) is in the registry. */
  void delete() {
    Durable.deleteTree(dir);
  }

  private void write() {
    ObjectNode n = JSON.createObjectNode().put("key", key);
    tuned.ifPresent(t -> n.put("tuned_checkpoint", dir.relativize(t).toString()));
    summary.ifPresent(s -> n.put("end", s.end().name()).put("steps", s.steps()).put("mean_reward", s.meanReward()));
    AtomicFiles.write(dir.resolve(RECORD), (n.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode read(Path record) {
    try {
      return JSON.readTree(record.toFile());
    } catch (IOException e) {
      throw new DataInputException("cannot read " + record + ": " + e.getMessage()
          + "; delete the folder " + record.getParent() + " to start the turn over", e);
    }
  }
}
