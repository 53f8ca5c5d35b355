package ai.tao.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.tao.api.ConfigurationException;
import ai.tao.benchmarks.BenchShapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfPartTest {
  @TempDir Path dir;

  @Test
  void findsNoPeerWhereNoneIsInstalled() throws IOException {
    Path cwd = Files.createDirectories(dir.resolve("repo/module"));
    assertThat(Peer.locate(Optional.empty(), Optional.empty(), cwd)).isEmpty();
    assertThat(Peer.locate(Optional.empty(), Optional.of(dir.resolve("nothing.py").toString()), cwd)).isEmpty();
  }

  @Test
  void findsThePeerBesideTheRepositoryFromAModuleFolder() throws IOException {
    Path cwd = Files.createDirectories(dir.resolve("repo/module"));
    Path script = Files.createDirectories(dir.resolve("shared/bench")).resolve("peer_llama.py");
    Files.writeString(script, "");
    assertThat(Peer.locate(Optional.empty(), Optional.empty(), cwd)).contains(script);
    assertThat(Peer.locate(Optional.empty(), Optional.empty(), cwd.getParent())).contains(script);
  }

  @Test
  void anExplicitPeerThatIsMissingIsAConfigurationError() {
    assertThatThrownBy(() -> Peer.locate(Optional.of(dir.resolve("peer.py")), Optional.empty(), dir))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("--peer").hasMessageContaining("peer.py");
  }

  @Test
  void withoutAnInterpreterTheReportSaysWhyAndShowsThisProjectAlone() throws IOException {
    Path script = Files.writeString(dir.resolve("peer_llama.py"), "");
    List<String> log = new ArrayList<>();
    Perf p = PerfPart.run(PerfSettings.quick().withPeerScript(Optional.of(script))
        .withPython(dir.resolve("no-python")), log::add);
    assertThat(p.peer()).startsWith("not run: no Python interpreter at").contains("shown alone");
    assertThat(p.gemmGflops()).isPositive();
    assertThat(p.paths()).extracting(HotPath::path).containsExactly("rollout", "train_step");
    for (HotPath h : p.paths()) {
      assertThat(h.tokensPerSecond()).isPositive();
      assertThat(h.peerTokensPerSecond()).isNull();
      assertThat(h.ratio()).isNull();
      assertThat(h.gflops()).isPositive();
      assertThat(h.fractionOfGemm()).isEqualTo(h.gflops() / p.gemmGflops());
    }
    assertThat(log).hasSize(3).allMatch(l -> l.startsWith("[perf] "));
  }

  @Test
  void theRatioIsThisProjectsTokensPerSecondOverThePeers() throws IOException {
    Perf p = PerfPart.run(PerfSettings.quick().withPeerScript(Optional.of(Files.writeString(dir.resolve("p.py"), "")))
        .withPython(fakePython("{\"mode\": \"x\", \"tokens_per_s\": 250.0}")), l -> { });
    assertThat(p.peer()).contains("PyTorch 9.9-fake");
    for (HotPath h : p.paths()) {
      assertThat(h.peerTokensPerSecond()).isEqualTo(250.0);
      assertThat(h.ratio()).isEqualTo(h.tokensPerSecond() / 250.0);
    }
  }

  @Test
  void trainOnlyWithMoreRepeatsTimesTheTrainStepAloneAndAsksThePeerForAsManySteps() throws IOException {
    Path args = dir.resolve("peer-args.txt");
    Path python = Files.writeString(dir.resolve("args-python"), "#!/bin/sh\n"
        + "if [ \"$1\" = -c ]; then echo 9.9-fake; exit 0; fi\necho \"$@\" >> '" + args + "'\n"
        + "echo '{\"tokens_per_s\": 100.0}'\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
    Perf p = PerfPart.run(PerfSettings.quick().withRepeats(4).trainOnly()
        .withPeerScript(Optional.of(Files.writeString(dir.resolve("p.py"), ""))).withPython(python), l -> { });
    assertThat(p.paths()).extracting(HotPath::path).containsExactly("train_step");
    assertThat(Files.readAllLines(args)).singleElement().asString().contains("train").contains("--steps 4");
  }

  @Test
  void aRepeatCountThatIsNotAPositiveNumberIsRefusedByName() {
    assertThatThrownBy(() -> PerfPart.main(new String[] {"--repeats", "0"}))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("--repeats").hasMessageContaining("'0'");
    assertThatThrownBy(() -> PerfPart.main(new String[] {"--quick", "--repeats"}))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("got nothing");
  }

  @Test
  void aPeerThatPrintsNoFigureIsReportedPerPathNotAsZero() throws IOException {
    Perf p = PerfPart.run(PerfSettings.quick().withPeerScript(Optional.of(Files.writeString(dir.resolve("p.py"), "")))
        .withPython(fakePython("Traceback: out of memory")), l -> { });
    assertThat(p.peer()).contains("rollout tiny failed").contains("is not JSON").contains("train tiny failed");
    assertThat(p.paths()).allMatch(h -> h.peerTokensPerSecond() == null && h.ratio() == null);
  }

  @Test
  void aPeerPastItsTimeoutIsStoppedAndReported() throws IOException {
    Path python = Files.writeString(dir.resolve("slow-python"), "#!/bin/sh\n"
        + "if [ \"$1\" = -c ]; then echo 1.0; exit 0; fi\nsleep 30\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
    long t = System.nanoTime();
    Perf p = PerfPart.run(PerfSettings.quick().withPeerScript(Optional.of(Files.writeString(dir.resolve("p.py"), "")))
        .withPython(python).withPeerTimeout(Duration.ofSeconds(1)), l -> { });
    assertThat(p.peer()).contains("ran past 1 s");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t)).isLessThan(25);
  }

  /** Optional: the real peer, where it and PyTorch are installed. */
  @Test
  void theRealPeerGivesARatio() {
    Optional<Path> script = Peer.locate(Optional.empty(), Optional.ofNullable(System.getenv(Peer.ENV)), Path.of(""));
    assumeTrue(script.isPresent(), "peer_llama.py is not installed");
    PerfSettings s = PerfSettings.quick().withPeerScript(script);
    try {
      Peer.start(script.get(), s);
    } catch (Peer.PeerFailure e) {
      assumeTrue(false, "the peer's PyTorch is not installed: " + e.getMessage());
    }
    Perf p = PerfPart.run(s, l -> { });
    assertThat(p.peer()).contains("PyTorch");
    assertThat(p.paths()).allMatch(h -> h.ratio() != null && h.ratio() > 0);
  }

  @Test
  void matmulFlopsCountEachProjectionTheHeadAndAttention() {
    // tiny: d 64, MLP 172, 5 layers, 8 heads of 8, 4 KV heads, vocabulary 512.
    double linear = 2.0 * 5 * (2 * 64 * 64 + 2 * 64 * 32 + 3 * 64 * 172);
    double head = 2.0 * 64 * 512;
    double attention = 4.0 * 64 * 5; // per attended position
    assertThat(MatmulFlops.trainStep(BenchShapes.get("tiny"), 1, 2)).isEqualTo(3 * (linear + head + attention));
    // Rollout of 2 prompt tokens and 2 new: 3 tokens processed (contexts 1, 2, 3), logits twice.
    assertThat(MatmulFlops.rollout(BenchShapes.get("tiny"), 1, 2, 2))
        .isEqualTo(3 * linear + 6 * attention + 2 * head);
  }

  private Path fakePython(String output) throws IOException {
    Path python = Files.writeString(dir.resolve("fake-python"), "#!/bin/sh\n"
        + "if [ \"$1\" = -c ]; then echo 9.9-fake; exit 0; fi\necho '" + output + "'\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
    return python;
  }
}
