package ai.tao.benchmarks.suite;

/** SFT on {@code labels} labeled production questions, at TAO's number of steps: its held-out pass@1. */
public record LabelPoint(int labels, Estimate accuracy) {}
