package ai.tao.benchmarks.suite;

import ai.tao.api.ConfigurationException;
import ai.tao.benchmarks.RolloutWork;
import ai.tao.benchmarks.TrainStepWork;
import ai.tao.benchmarks.suite.Peer.PeerFailure;
import ai.tao.benchmarks.suite.PerfSettings.RolloutCase;
import ai.tao.benchmarks.suite.PerfSettings.TrainCase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The suite's speed part: the machine's GEMM rate, then each hot path (batched KV-cache rollout,
 * GRPO train step) timed in this JVM and, where {@code peer_llama.py} and its PyTorch are
 * installed, in the peer on the same shape and work, in the same run, so their ratio compares like
 * with like on whatever machine this is.
 */
public final class PerfPart {
  private PerfPart() {}

  /** Measures {@code s}'s cases; {@code log} gets one line per measurement. */
  public static Perf run(PerfSettings s, Consumer<String> log) {
    double gemm = GemmRate.measure(s.gemmSize(), s.repeats());
    log.accept(String.format(Locale.ROOT, "[perf] GEMM %d x %d: %.1f GFLOP/s", s.gemmSize(), s.gemmSize(), gemm));
    Optional<Peer> peer = Optional.empty();
    List<String> peerNotes = new ArrayList<>();
    Optional<Path> script = Peer.locate(s.peerScript(), Optional.ofNullable(System.getenv(Peer.ENV)), Path.of(""));
    if (script.isEmpty()) {
      peerNotes.add("not installed: no peer_llama.py given by --peer or " + Peer.ENV
          + ", none at ../shared/bench; this project's figures are shown alone");
    } else {
      try {
        Peer p = Peer.start(script.get(), s);
        peerNotes.add(p.describe());
        peer = Optional.of(p);
      } catch (PeerFailure e) {
        peerNotes.add("not run: " + e.getMessage() + "; this project's figures are shown alone");
      }
    }
    List<HotPath> paths = new ArrayList<>();
    for (RolloutCase c : s.rollouts()) {
      double tps;
      double flops;
      try (RolloutWork w = new RolloutWork(c.shape(), c.batch(), c.prompt(), c.newTokens())) {
        double sec = Timing.medianSeconds(s.repeats(), w::run);
        tps = w.generatedTokens() / sec;
        flops = MatmulFlops.rollout(w.config(), c.batch(), c.prompt(), c.newTokens()) / sec;
      }
      Double peerTps = peer.flatMap(p -> measured(() -> p.rollout(c, s.repeats()), "rollout " + c.shape(), peerNotes))
          .orElse(null);
      paths.add(path("rollout", c.shape(), c.work(), tps, peerTps, flops, gemm, log));
    }
    for (TrainCase c : s.trains()) {
      double tps;
      double flops;
      try (TrainStepWork w = new TrainStepWork(c.shape(), c.batch(), c.seq())) {
        double sec = Timing.medianSeconds(s.repeats(), w::run);
        tps = w.tokens() / sec;
        flops = MatmulFlops.trainStep(w.config(), c.batch(), c.seq()) / sec;
      }
      Double peerTps = peer.flatMap(p -> measured(() -> p.train(c, s.repeats()), "train " + c.shape(), peerNotes))
          .orElse(null);
      paths.add(path("train_step", c.shape(), c.work(), tps, peerTps, flops, gemm, log));
    }
    return new Perf(gemm, paths, String.join("; ", peerNotes));
  }

  private interface PeerRun {
    double tokensPerSecond();
  }

  private static Optional<Double> measured(PeerRun run, String what, List<String> notes) {
    try {
      return Optional.of(run.tokensPerSecond());
    } catch (PeerFailure e) {
      notes.add(what + " failed: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static HotPath path(String path, String shape, String work, double tps, Double peerTps, double flops,
      double gemm, Consumer<String> log) {
    Double ratio = peerTps != null ? tps / peerTps : null;
    double gflops = flops / 1e9;
    log.accept(String.format(Locale.ROOT, "[perf] %s %s (%s): %.0f tokens/s, peer %s, ratio %s; %.1f GFLOP/s = %.0f%%"
        + " of GEMM", path, shape, work, tps, peerTps == null ? "-" : String.format(Locale.ROOT, "%.0f", peerTps),
        ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio), gflops, 100 * gflops / gemm));
    return new HotPath(path, shape, work, tps, peerTps, ratio, gflops, gflops / gemm);
  }

  /**
   * Runs the speed part alone: {@code [--quick] [--peer FILE] [--repeats N] [--train-only]}. More
   * repeats time a train step further from the allocator's first steps (the default 3 are steps 2–4
   * of a fresh process), for the peer the same.
   */
  public static void main(String[] args) {
    List<String> a = List.of(args);
    PerfSettings s = a.contains("--quick") ? PerfSettings.quick() : PerfSettings.full();
    int i = a.indexOf("--peer");
    if (i >= 0 && i + 1 < args.length) {
      s = s.withPeerScript(Optional.of(Path.of(args[i + 1])));
    }
    int r = a.indexOf("--repeats");
    if (r >= 0) {
      if (r + 1 >= args.length || !args[r + 1].matches("[1-9][0-9]*")) {
        throw new ConfigurationException("--repeats needs a positive whole number of timed runs per case, got "
            + (r + 1 < args.length ? "'" + args[r + 1] + "'" : "nothing"));
      }
      s = s.withRepeats(Integer.parseInt(args[r + 1]));
    }
    if (a.contains("--train-only")) {
      s = s.trainOnly();
    }
    Perf p = run(s, System.out::println);
    System.out.println("[perf] peer: " + p.peer());
  }
}
