package ai.tao.benchmarks.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the speed part measures and how.
 *
 * @param gemmSize side of the square single-precision matrices the GEMM rate is timed on (2048 in
 *     the full suite, large enough to reach the BLAS library's peak)
 * @param rollouts the rollout cases, each the peer's {@code rollout} work
 * @param trains the GRPO train-step cases, each the peer's {@code train} work
 * @param repeats timed runs of each case after one warm-up (the median is reported), for this
 *     project and for the peer alike
 * @param peerScript the peer benchmark ({@code peer_llama.py}); empty to look for it in
 *     {@code TAO_PEER_SCRIPT} and then at {@code ../shared/bench/peer_llama.py}
 * @param python the interpreter that has PyTorch for the peer
 * @param peerTimeout the longest one peer run may take before it counts as failed
 * @param threads threads the peer may use: the cores this JVM sees, as DJL's engine uses
 */
public record PerfSettings(int gemmSize, List<RolloutCase> rollouts, List<TrainCase> trains, int repeats,
    Optional<Path> peerScript, Path python, Duration peerTimeout, int threads) {
  /** {@code batch} prompts of {@code prompt} random tokens, {@code newTokens} sampled each. */
  public record RolloutCase(String shape, int batch, int prompt, int newTokens) {
    String work() {
      return "batch " + batch + ", prompt " + prompt + ", " + newTokens + " new tokens";
    }
  }

  /** {@code batch} sequences of {@code seq} tokens per step. */
  public record TrainCase(String shape, int batch, int seq) {
    String work() {
      return batch + " sequences of " + seq + " tokens";
    }
  }

  public PerfSettings {
    rollouts = List.copyOf(rollouts);
    trains = List.copyOf(trains);
    Objects.requireNonNull(peerScript, "peerScript");
    Objects.requireNonNull(python, "python");
    Objects.requireNonNull(peerTimeout, "peerTimeout");
    if (gemmSize < 1 || repeats < 1 || threads < 1) {
      throw new IllegalArgumentException("gemmSize " + gemmSize + ", repeats " + repeats + " and threads " + threads
          + " must be positive");
    }
  }

  /**
   * The shapes: rollouts of the peer's default work on {@code small} and
   * {@code smollm-135m}; train steps of 32 × 128 on {@code small} and 4 × 128 on {@code smollm-135m}.
   */
  public static PerfSettings full() {
    return new PerfSettings(2048,
        List.of(new RolloutCase("small", 32, 64, 64), new RolloutCase("smollm-135m", 32, 64, 64)),
        List.of(new TrainCase("small", 32, 128), new TrainCase("smollm-135m", 4, 128)), 3, Optional.empty(),
        Path.of("/usr/bin/python3"), Duration.ofMinutes(10), Runtime.getRuntime().availableProcessors());
  }

  /** The smoke sizes: the {@code tiny} shape and little work, every field still measured. */
  public static PerfSettings quick() {
    return new PerfSettings(256, List.of(new RolloutCase("tiny", 4, 8, 8)), List.of(new TrainCase("tiny", 8, 16)), 1,
        Optional.empty(), Path.of("/usr/bin/python3"), Duration.ofMinutes(2),
        Runtime.getRuntime().availableProcessors());
  }

  public PerfSettings withPeerScript(Optional<Path> script) {
    return new PerfSettings(gemmSize, rollouts, trains, repeats, script, python, peerTimeout, threads);
  }

  public PerfSettings withPython(Path interpreter) {
    return new PerfSettings(gemmSize, rollouts, trains, repeats, peerScript, interpreter, peerTimeout, threads);
  }

  /** The same settings with {@code n} timed runs of each case, for this project and the peer alike. */
  public PerfSettings withRepeats(int n) {
    return new PerfSettings(gemmSize, rollouts, trains, n, peerScript, python, peerTimeout, threads);
  }

  /** The same settings with the train-step cases only. */
  public PerfSettings trainOnly() {
    return new PerfSettings(gemmSize, List.of(), trains, repeats, peerScript, python, peerTimeout, threads);
  }

  public PerfSettings withPeerTimeout(Duration timeout) {
    return new PerfSettings(gemmSize, rollouts, trains, repeats, peerScript, python, timeout, threads);
  }
}
