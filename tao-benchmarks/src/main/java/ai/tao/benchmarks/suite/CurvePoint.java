package ai.tao.benchmarks.suite;

/**
 * One TAO step's training signals.
 *
 * @param reward mean reward of the step's candidates
 * @param kl mean KL to the reference (0 when the run has none)
 * @param entropy mean per-token entropy of the sampled candidates
 * @param diversity answer diversity within groups (distinct answers / candidates)
 * @param truncated fraction of candidates cut at the token budget
 * @param precision reward precision: of the candidates the reward favoured (reward above their
 *     group's mean), the fraction the gold grader marks correct; measured for the report only and
 *     never fed back. NaN when no candidate was favoured.
 */
public record CurvePoint(int step, double reward, double kl, double entropy, double diversity, double truncated,
    double precision) {}
