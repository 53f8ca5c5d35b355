package ai.tao.core.train;

import ai.tao.api.ConfigurationException;

/**
 * The learning rate of each step, as a multiple of the configured rate.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /**
   * The factor for a step.
   *
   * @param step 0-based step index
   * @param totalSteps steps planned, at least 1
   * @return a factor in [0, 1]
   */
  double factor(long step, long totalSteps);

  /** The same rate throughout. */
  static LearningRateSchedule constant() {
    return named("constant", (s, n) -> 1.0);
  }

  /** Linear warm-up over {@code warmupSteps}, then constant. */
  static LearningRateSchedule warmup(int warmupSteps) {
    requireWarmup(warmupSteps);
    return named("warmup(" + warmupSteps + ")", (s, n) -> s < warmupSteps ? (s + 1) / (double) warmupSteps : 1.0);
  }

  /**
   * Linear warm-up over {@code warmupSteps}, then a cosine decay towards {@code minFactor}, which it
   * would reach one step after the last (the schedule of most LLM fine-tuning recipes; Hugging
   * Face's {@code get_cosine_schedule_with_warmup} with {@code minFactor} 0), so no step is wasted
   * at a rate of 0.
   */
  static LearningRateSchedule cosine(int warmupSteps, double minFactor) {
    requireWarmup(warmupSteps);
    if (!(minFactor >= 0 && minFactor <= 1)) {
      throw new ConfigurationException("cosine minFactor must lie in [0, 1], got " + minFactor);
    }
    return named("cosine(" + warmupSteps + ", " + minFactor + ")", (s, n) -> {
      if (s < warmupSteps) {
        return (s + 1) / (double) warmupSteps;
      }
      double progress = (s - warmupSteps) / (double) Math.max(1, n - warmupSteps);
      return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
    });
  }

  private static void requireWarmup(int warmupSteps) {
    if (warmupSteps < 0) {
      throw new ConfigurationException("warmupSteps must be >= 0, got " + warmupSteps);
    }
  }

  /** A schedule that prints as {@code name} in logs. */
  static LearningRateSchedule named(String name, LearningRateSchedule schedule) {
    return new LearningRateSchedule() {
      @Override
      public double factor(long step, long totalSteps) {
        return schedule.factor(step, totalSteps);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
