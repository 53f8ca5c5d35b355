package ai.tao.benchmarks.demo;

/** Fixed settings of the demo, shared by the base training and the runs. */
final class DemoConfig {
  /** Seed of the database and of the dataset splits. */
  static final long DATA_SEED = 7;

  private DemoConfig() {}
}
