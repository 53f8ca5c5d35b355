package ai.tao.serve.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of the registry's current version, as its append-only {@code history.jsonl} holds it,
 * one JSON object a line: {@code {"at":"2025-01-31T09:12:44Z","change":"promote","from":"v0001","to":"v0002"}}.
 *
 * <p>Replayed in order, the entries give the stack of current versions that {@link
 * ModelRegistry#rollback} pops: a promotion pushes {@code to}, a rollback pops back to it.
 *
 * @param at when the pointer was switched
 * @param change what switched it
 * @param from the version that was current before; empty for the first promotion
 * @param to the version current after
 * @since 0.5
 */
public record HistoryEntry(Instant at, Change change, Optional<String> from, String to) {
  public HistoryEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(from, "from");
    VersionManifest.checkId(to, "to");
    from.ifPresent(v -> VersionManifest.checkId(v, "from"));
  }

  /**
   * What switched the pointer.
   *
   * @since 0.5
   */
  public enum Change {
    /** {@link ModelRegistry#promote}. */
    PROMOTE,
    /** {@link ModelRegistry#rollback}. */
    ROLLBACK
  }
}
