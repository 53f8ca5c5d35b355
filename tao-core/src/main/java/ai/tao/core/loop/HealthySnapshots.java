package ai.tao.core.loop;

import ai.tao.core.model.ModelWeights;

/**
 * The weights to go back to when a {@link CollapseGuard} trips: the newest in-memory snapshot old
 * enough to predate the signals that tripped it.
 *
 * <p>At most two copies are kept, taken every {@code every} steps (and at the round start). A trip
 * after step {@code t} restores the newer copy when it was taken more than {@code minAge} steps
 * before (so no step of the tripping window sampled from it), the older one otherwise; with {@code
 * every ≥ minAge} the older one always is. Steps count whether or not they changed the weights.
 */
public final class HealthySnapshots implements AutoCloseable {
  private final ModelWeights live;
  private final int every;
  private final int minAge;
  private ModelWeights older;
  private ModelWeights newer;
  private int olderAt;
  private int newerAt;

  /**
   * @param live the weights being trained
   * @param every steps between snapshots; ≤ 0 keeps only the round start
   * @param minAge steps a snapshot must predate a trip by to be trusted
   */
  public HealthySnapshots(ModelWeights live, int every, int minAge) {
    this.live = live;
    this.every = every;
    this.minAge = minAge;
    this.older = live.copy(live.manager().getParentManager());
  }

  /** Call after each healthy step; {@code updates} counts the steps of the round so far. */
  public void afterHealthyUpdate(int updates) {
    if (every <= 0 || updates % every != 0) {
      return;
    }
    if (newer == null) {
      newer = live.copy(live.manager().getParentManager());
      newerAt = updates;
      return;
    }
    ModelWeights recycled = older;
    older = newer;
    olderAt = newerAt;
    recycled.copyFrom(live);
    newer = recycled;
    newerAt = updates;
  }

  /** Restores the trusted snapshot after a trip at step count {@code updates}; returns its step count. */
  public int restore(int updates) {
    boolean useNewer = newer != null && updates - newerAt > minAge;
    live.copyFrom(useNewer ? newer : older);
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
