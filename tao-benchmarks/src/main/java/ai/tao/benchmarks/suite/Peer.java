package ai.tao.benchmarks.suite;

import ai.tao.api.ConfigurationException;
import ai.tao.benchmarks.suite.PerfSettings.RolloutCase;
import ai.tao.benchmarks.suite.PerfSettings.TrainCase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The peer benchmark ({@code peer_llama.py}: the same Llama decoder and hot paths in eager
 * PyTorch), run as a separate process with the same threads, shapes and work. It is optional: the
 * harness never needs it, and says why it is missing.
 */
final class Peer {
  static final String ENV = "TAO_PEER_SCRIPT";
  private static final JsonMapper JSON = new JsonMapper();
  private final Path script;
  private final Path python;
  private final Duration timeout;
  private final int threads;
  private String torchVersion;

  /** Why a peer run gave no figure: the report prints the message as it is. */
  static final class PeerFailure extends RuntimeException {
    PeerFailure(String message) {
      super(message);
    }
  }

  private Peer(Path script, Path python, Duration timeout, int threads) {
    this.script = script;
    this.python = python;
    this.timeout = timeout;
    this.threads = threads;
  }

  /**
   * The peer script: {@code explicit} (which must exist), else {@code TAO_PEER_SCRIPT}, else
   * {@code shared/bench/peer_llama.py} beside this folder or one of its two parents.
   */
  static Optional<Path> locate(Optional<Path> explicit, Optional<String> env, Path cwd) {
    if (explicit.isPresent()) {
      if (!Files.isRegularFile(explicit.get())) {
        throw new ConfigurationException("--peer " + explicit.get() + " is not a file; give the path of"
            + " peer_llama.py, or leave --peer out to run without the peer");
      }
      return explicit;
    }
    if (env.isPresent() && !env.get().isBlank()) {
      Path p = Path.of(env.get());
      return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
    Path dir = cwd.toAbsolutePath().normalize();
    for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
      Path p = dir.resolveSibling("shared").resolve("bench").resolve("peer_llama.py");
      if (dir.getParent() != null && Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The peer at {@code script}, checked to start: its interpreter must import PyTorch. */
  static Peer start(Path script, PerfSettings s) {
    Peer p = new Peer(script, s.python(), s.peerTimeout(), s.threads());
    p.torchVersion = p.probeTorch();
    return p;
  }

  /** PyTorch's version in the peer's interpreter, asked of a new process. */
  private String probeTorch() {
    if (!Files.isExecutable(python)) {
      throw new PeerFailure("no Python interpreter at " + python);
    }
    return run(List.of(python.toString(), "-c", "import torch; print(torch.__version__)")).trim();
  }

  String describe() {
    return script + " with PyTorch " + torchVersion + " on " + threads + " threads";
  }

  /** The peer's rollout tokens/s: the median of {@code repeats} runs, one process each. */
  double rollout(RolloutCase c, int repeats) {
    double[] tps = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      tps[i] = tokensPerSecond(List.of("rollout", "--shape", c.shape(), "--batch", "" + c.batch(), "--prompt",
          "" + c.prompt(), "--new", "" + c.newTokens()));
    }
    return Timing.median(tps);
  }

  /** The peer's train tokens/s: it times {@code repeats} steps after one warm-up and reports the median. */
  double train(TrainCase c, int repeats) {
    return tokensPerSecond(List.of("train", "--shape", c.shape(), "--batch", "" + c.batch(), "--seq", "" + c.seq(),
        "--steps", "" + repeats));
  }

  private double tokensPerSecond(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString()));
    cmd.addAll(args);
    cmd.addAll(List.of("--threads", "" + threads));
    String out = run(cmd);
    String[] lines = out.strip().split("\n");
    try {
      JsonNode n = JSON.readTree(lines[lines.length - 1]);
      if (!n.path("tokens_per_s").isNumber()) {
        throw new PeerFailure("the peer printed no tokens_per_s for " + String.join(" ", args) + ": " + out.strip());
      }
      return n.get("tokens_per_s").asDouble();
    } catch (IOException e) {
      throw new PeerFailure("the peer's output for " + String.join(" ", args) + " is not JSON: " + out.strip());
    }
  }

  private String run(List<String> cmd) {
    try {
      Path log = Files.createTempFile("tao-peer", ".out");
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor();
          throw new PeerFailure(String.join(" ", cmd) + " ran past " + timeout.toSeconds() + " s");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          String tail = out.strip();
          tail = tail.substring(Math.max(0, tail.length() - 300));
          throw new PeerFailure(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + tail);
        }
        return out;
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new PeerFailure("could not run " + String.join(" ", cmd) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerFailure("interrupted while running " + String.join(" ", cmd));
    }
  }
}
