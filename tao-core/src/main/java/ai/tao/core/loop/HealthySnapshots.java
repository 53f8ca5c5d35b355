package ai.tao.core.loop;

import ai.tao.api.OutputException;
import ai.tao.api.Resumable;
import ai.tao.api.TrainablePolicy.WeightsSnapshot;
import ai.tao.api.TrainablePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The weights to go back to when a {@link CollapseGuard} trips: the newest in-memory snapshot old
 * enough to predate the signals that tripped it.
 *
 * <p>At most two copies are kept, taken every {@code every} steps (and at the round start). A trip
 * after step {@code t} restores the newer copy when it was taken more than {@code minAge} steps
 * before (so no step of the tripping window sampled from it), the older one otherwise; with {@code
 * every ≥ minAge} the older one always is. Steps count whether or not they changed the weights.
 * Works with any {@link TrainablePolicy}.
 *
 * <p>A resume state inside a round holds the snapshots too ({@link #save}, {@link #restore}), so
 * that a resumed round rolls back to the same weights as an uninterrupted one would.
 */
public final class HealthySnapshots implements AutoCloseable {
  private final TrainablePolicy policy;
  private final int every;
  private final int minAge;
  private WeightsSnapshot older;
  private WeightsSnapshot newer;
  private int olderAt;
  private int newerAt;

  /**
   * @param policy the policy being trained; its current weights are the round's start
   * @param every steps between snapshots; ≤ 0 keeps only the round start
   * @param minAge steps a snapshot must predate a trip by to be trusted
   */
  public HealthySnapshots(TrainablePolicy policy, int every, int minAge) {
    this.policy = policy;
    this.every = every;
    this.minAge = minAge;
    this.older = policy.snapshot();
  }

  private HealthySnapshots(TrainablePolicy policy, int every, int minAge, WeightsSnapshot older, int olderAt,
      WeightsSnapshot newer, int newerAt) {
    this.policy = policy;
    this.every = every;
    this.minAge = minAge;
    this.older = older;
    this.olderAt = olderAt;
    this.newer = newer;
    this.newerAt = newerAt;
  }

  /** The step count the older snapshot was taken at (0: the round's start). */
  public int olderAt() {
    return olderAt;
  }

  /** The step count of the newer snapshot, if one was taken. */
  public OptionalInt newerAt() {
    return newer == null ? OptionalInt.empty() : OptionalInt.of(newerAt);
  }

  /**
   * Writes the snapshots to {@code dir}/older (and {@code dir}/newer) as the policy's own state:
   * each is put on the policy, saved through {@code weights}, and the current weights are put back
   * at the end (bit for bit; one more copy of the weights is held meanwhile).
   */
  public void save(Path dir, Resumable weights) {
    WeightsSnapshot now = policy.snapshot();
    try {
      policy.restore(older);
      weights.saveState(folder(dir.resolve("older")));
      if (newer != null) {
        policy.restore(newer);
        weights.saveState(folder(dir.resolve("newer")));
      }
    } finally {
      policy.restore(now);
      now.close();
    }
  }

  /**
   * Snapshots read back from what {@link #save} wrote. Leaves the last one read on the policy: put
   * the current weights back afterwards.
   */
  public static HealthySnapshots restore(TrainablePolicy policy, Resumable weights, int every, int minAge, Path dir,
      int olderAt, OptionalInt newerAt) {
    weights.restoreState(dir.resolve("older"));
    WeightsSnapshot older = policy.snapshot();
    WeightsSnapshot newer = null;
    try {
      if (newerAt.isPresent()) {
        weights.restoreState(dir.resolve("newer"));
        newer = policy.snapshot();
      }
    } catch (RuntimeException e) {
      older.close();
      throw e;
    }
    return new HealthySnapshots(policy, every, minAge, older, olderAt, newer, newerAt.orElse(0));
  }

  private static Path folder(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new OutputException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Call after each healthy step; {@code updates} counts the steps of the round so far. */
  public void afterHealthyUpdate(int updates) {
    if (every <= 0 || updates % every != 0) {
      return;
    }
    if (newer != null) {
      older.close();
      older = newer;
      olderAt = newerAt;
    }
    newer = policy.snapshot();
    newerAt = updates;
  }

  /** Restores the trusted snapshot after a trip at step count {@code updates}; returns its step count. */
  public int restore(int updates) {
    boolean useNewer = newer != null && updates - newerAt > minAge;
    policy.restore(useNewer ? newer : older);
    return useNewer ? newerAt : olderAt;
  }

  @Override
  public void close() {
    older.close();
    if (newer != null) {
      newer.close();
    }
  }
}
