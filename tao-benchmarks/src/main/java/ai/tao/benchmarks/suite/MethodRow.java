package ai.tao.benchmarks.suite;

/**
 * One row of a task's Table 3: a method and its held-out pass@1.
 *
 * @param key stable identifier, such as {@code base}, {@code base_majority}, {@code sft_doc},
 *     {@code tao:grounding_majority}, {@code random_reward}, {@code sft_oracle}
 * @param label what the report prints
 * @param family {@code base}, {@code sft}, {@code tao}, {@code control} or {@code oracle}
 * @param labels labels the method trained on (0 for TAO and the control)
 */
public record MethodRow(String key, String label, String family, int labels, Estimate accuracy) {}
