package ai.tao.core.internal.resume;

import ai.tao.api.CollapseStop;
import ai.tao.api.StepMetrics;
import ai.tao.core.io.Durable.FileSum;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.observe.MetricsJsonl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The manifest of a resume state ({@code manifest.json}): where the run stood after {@code
 * stepsDone} steps, and everything besides the policy's and the trainer's own state that later
 * steps depend on. Written last into the state's temporary folder, so a state with a readable
 * manifest whose files match their recorded sizes and checksums is complete.
 *
 * <p>Why so little about randomness: every random choice of a TAO run derives from the run's seed
 * and the position, none from a stateful generator (the round's prompt order from {@code (seed,
 * round)}, each step's sampling seed from {@code (seed, round, step)}, and each sampled row's stream
 * from the step's seed and the row). The derived seeds of the next step are recorded anyway and
 * checked on resume, so that a version of TAO that derives them differently refuses the state
 * rather than continuing another run.
 *
 * <p>Internal: not part of the API.
 *
 * @param stepsDone steps completed across rounds (rolled-back ones included) when it was written
 * @param round 0-based round of the next step
 * @param step 0-based index within {@code round} of the next step (0: the round has not begun)
 * @param complete whether the run had finished (then there is nothing to resume)
 * @param reason why it was written, for a person: {@code every 10 steps}, {@code stop requested}…
 * @param settings the run's settings fingerprint ({@link RunSettings})
 * @param seeds the seeds the next step derives
 * @param inRound the round in progress, when the state lies inside one
 * @param kept metrics of the steps whose updates the weights keep, so far
 * @param rolledBack metrics of the steps a collapse guard undid, so far
 * @param stops collapse stops so far
 * @param checkpoints round checkpoints written so far, relative to the output folder
 * @param metrics how much of metrics.jsonl belonged to the run at this point
 * @param files every other file of the state folder (relative, '/'-separated) with its size and checksum
 */
public record ResumeState(long stepsDone, int round, int step, boolean complete, String reason, JsonNode settings,
    Seeds seeds, Optional<InRound> inRound, List<StepMetrics> kept, List<StepMetrics> rolledBack,
    List<CollapseStop> stops, List<String> checkpoints, MetricsJsonl.Position metrics, Map<String, FileSum> files) {

  /** Version of this layout; a state of another version is refused. */
  public static final int FORMAT = 1;

  public ResumeState {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(seeds, "seeds");
    Objects.requireNonNull(inRound, "inRound");
    kept = List.copyOf(kept);
    rolledBack = List.copyOf(rolledBack);
    stops = List.copyOf(stops);
    checkpoints = List.copyOf(checkpoints);
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /**
   * The seeds a step derives: the run's seed, its round's prompt-order seed, and its sampling seed.
   *
   * @param run the request's seed
   * @param promptOrder seed of the round's shuffle
   * @param sampling seed of the step's sampling call
   */
  public record Seeds(long run, long promptOrder, long sampling) {}

  /**
   * A round in progress.
   *
   * @param prompts the round's prompts as the source gave them
   * @param monitor the collapse guard's memory of the round
   * @param warnedTruncation whether the round warned about truncated candidates already
   * @param warnedUnjudged whether the round warned about unjudged steps already
   * @param olderSnapshotAt step count of the older healthy snapshot (saved under {@code
   *     snapshots/older}); empty when the guard does not roll back
   * @param newerSnapshotAt step count of the newer one ({@code snapshots/newer}), if taken
   * @param steps metrics of the round's steps so far
   */
  public record InRound(PromptDigest prompts, CollapseGuard.MonitorState monitor, boolean warnedTruncation,
      boolean warnedUnjudged, OptionalInt olderSnapshotAt, OptionalInt newerSnapshotAt, List<StepMetrics> steps) {
    public InRound {
      Objects.requireNonNull(prompts, "prompts");
      Objects.requireNonNull(monitor, "monitor");
      steps = List.copyOf(steps);
    }
  }

  /** The manifest as JSON. */
  public ObjectNode toJson() {
    ObjectNode n = StateJson.JSON.createObjectNode();
    n.put("format", FORMAT);
    n.put("stepsDone", stepsDone).put("round", round).put("step", step).put("complete", complete)
        .put("reason", reason);
    n.set("settings", settings);
    n.putObject("seeds").put("run", seeds.run()).put("promptOrder", seeds.promptOrder())
        .put("sampling", seeds.sampling());
    inRound.ifPresent(r -> {
      ObjectNode o = n.putObject("inRound");
      o.set("prompts", r.prompts().toJson());
      o.set("monitor", StateJson.write(r.monitor()));
      o.put("warnedTruncation", r.warnedTruncation()).put("warnedUnjudged", r.warnedUnjudged());
      r.olderSnapshotAt().ifPresent(v -> o.put("olderSnapshotAt", v));
      r.newerSnapshotAt().ifPresent(v -> o.put("newerSnapshotAt", v));
      o.set("steps", StateJson.writeSteps(r.steps()));
    });
    n.set("kept", StateJson.writeSteps(kept));
    n.set("rolledBack", StateJson.writeSteps(rolledBack));
    ArrayNode s = n.putArray("stops");
    stops.forEach(c -> s.add(StateJson.write(c)));
    ArrayNode c = n.putArray("checkpoints");
    checkpoints.forEach(c::add);
    n.putObject("metrics").put("bytes", metrics.bytes()).put("crc32c", metrics.crc32c());
    ObjectNode f = n.putObject("files");
    files.forEach((k, v) -> f.putObject(k).put("bytes", v.bytes()).put("crc32c", v.crc32c()));
    return n;
  }

  /**
   * Reads a manifest.
   *
   * @throws IllegalArgumentException if it is of another format or lacks a field
   */
  public static ResumeState fromJson(JsonNode n) {
    if (n.path("format").asInt(-1) != FORMAT) {
      throw new IllegalArgumentException("format " + n.path("format") + ", expected " + FORMAT);
    }
    Optional<InRound> inRound = Optional.empty();
    JsonNode r = n.get("inRound");
    if (r != null) {
      inRound = Optional.of(new InRound(PromptDigest.fromJson(r.get("prompts")),
          StateJson.monitorState(r.get("monitor")), r.get("warnedTruncation").asBoolean(),
          r.get("warnedUnjudged").asBoolean(), optionalInt(r, "olderSnapshotAt"), optionalInt(r, "newerSnapshotAt"),
          StateJson.steps(r.get("steps"))));
    }
    List<CollapseStop> stops = new ArrayList<>();
    n.get("stops").forEach(s -> stops.add(StateJson.collapseStop(s)));
    List<String> checkpoints = new ArrayList<>();
    n.get("checkpoints").forEach(c -> checkpoints.add(c.asText()));
    Map<String, FileSum> files = new LinkedHashMap<>();
    n.get("files").fields().forEachRemaining(e -> files.put(e.getKey(),
        new FileSum(e.getValue().get("bytes").asLong(), e.getValue().get("crc32c").asLong())));
    JsonNode seeds = n.get("seeds");
    return new ResumeState(n.get("stepsDone").asLong(), n.get("round").asInt(), n.get("step").asInt(),
        n.get("complete").asBoolean(), n.get("reason").asText(), n.get("settings"),
        new Seeds(seeds.get("run").asLong(), seeds.get("promptOrder").asLong(), seeds.get("sampling").asLong()),
        inRound, StateJson.steps(n.get("kept")), StateJson.steps(n.get("rolledBack")), stops, checkpoints,
        new MetricsJsonl.Position(n.get("metrics").get("bytes").asLong(), n.get("metrics").get("crc32c").asLong()),
        files);
  }

  private static OptionalInt optionalInt(JsonNode n, String key) {
    return n.has(key) ? OptionalInt.of(n.get(key).asInt()) : OptionalInt.empty();
  }
}
