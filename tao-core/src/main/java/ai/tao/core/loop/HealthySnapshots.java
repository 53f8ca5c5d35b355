package ai.tao.core.loop;

import ai.tao.api.TrainablePolicy.WeightsSnapshot;
import ai.tao.api.TrainablePolicy;

/**
 * The weights to go back to when a {@link CollapseGuard} trips: the newest in-memory snapshot old
 * enough to predate the signals that tripped it.
 *
 * <p>At most two copies are kept, taken every {@code every} steps (and at the round start). A trip
 * after step {@code t} restores the newer copy when it was taken more than {@code minAge} steps
 * before (so no step of the tripping window sampled from it), the older one otherwise; with {@code
 * every ≥ minAge} the older one always is. Steps count whether or not they changed the weights.
 * Works with any {@link TrainablePolicy}.
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
