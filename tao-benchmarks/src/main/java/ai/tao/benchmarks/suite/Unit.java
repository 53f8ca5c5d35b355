package ai.tao.benchmarks.suite;

import java.util.function.Supplier;

/**
 * One cacheable piece of the suite's work.
 *
 * @param key its cache key, {@code task/what}: the same run asked for by two parts runs once
 * @param cost a rough relative weight for the ETA (about the seconds it takes at the full sizes)
 */
record Unit(String key, double cost, Supplier<RunRecord> run) {}
