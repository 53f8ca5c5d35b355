package ai.tao.benchmarks.demo;

/** Fixed settings of the demo, shared by the base training and the runs. */
public final class DemoConfig {
  /** Seed of the database and of the dataset splits. */
  public static final long DATA_SEED = 7;
  /** Longest SQL the model may write; the longest gold query is well below. */
  public static final int MAX_SQL_TOKENS = 128;

  private DemoConfig() {}
}
