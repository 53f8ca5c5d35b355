package ai.tao.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.OutputException;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.core.io.Durable;
import ai.tao.core.internal.resume.RunFolder;
import ai.tao.core.internal.resume.StateFolder;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.GrpoTrainer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume states in process: a run stopped at any step boundary and resumed ends bit for bit where
 * an uninterrupted one does, with the same metrics lines; what does not fit is refused by name.
 * (Crashes in a child JVM: {@link KillResumeTest}.)
 */
class ResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  static Path shared;
  /** The uninterrupted run, without resume states. */
  static TuneResult whole;
  static byte[] wholeWeights;
  static List<String> wholeSteps;

  @BeforeAll
  static void uninterrupted() throws IOException {
    Path out = shared.resolve("whole");
    whole = ResumeFixture.run(out, 0);
    wholeWeights = ResumeFixture.finalWeights(out);
    wholeSteps = stepLines(out);
    // the fixture's collapse guard trips and rolls back to a snapshot inside a round: a resume must carry it
    assertThat(whole.collapseStops()).extracting(s -> s.restoredTo().orElseThrow()).contains(2);
  }

  /** What each step line of metrics.jsonl says that does not depend on timing, in file order. */
  static List<String> stepLines(Path out) throws IOException {
    List<String> steps = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      JsonNode n = JSON.readTree(line);
      if (n.get("event").asText().equals("step")) {
        steps.add(n.get("round") + ":" + n.get("step") + " reward " + n.get("reward_mean") + " loss " + n.get("loss")
            + " kl " + n.get("kl") + " grad " + n.get("grad_norm"));
      }
    }
    return steps;
  }

  static long count(Path out, String event) throws IOException {
    return Files.readAllLines(out.resolve("metrics.jsonl")).stream()
        .filter(l -> l.contains("\"event\":\"" + event + "\"")).count();
  }

  /** Runs the fixture with resume states every 2 steps until the stop hook has been polled {@code polls} times. */
  static TuneResult stopAfterPolls(Path out, int polls) {
    AtomicInteger n = new AtomicInteger();
    try (DecoderPolicy policy = ResumeFixture.policy(3); GrpoTrainer trainer = ResumeFixture.trainer(policy)) {
      TuneResult r = Tao.tune(ResumeFixture.request(policy, trainer, out, 2)
          .stopWhen(() -> n.incrementAndGet() >= polls).build());
      assertThat(r.end()).isEqualTo(TuneResult.End.STOP_REQUESTED);
      return r;
    }
  }

  static void assertSameRunAsWhole(Path out, TuneResult last) throws IOException {
    assertThat(last.end()).isEqualTo(TuneResult.End.COMPLETED);
    assertThat(ResumeFixture.finalWeights(out)).as("final weights, bit for bit").isEqualTo(wholeWeights);
    assertThat(stepLines(out)).as("each step once, as the uninterrupted run logged it").isEqualTo(wholeSteps);
    assertThat(last.steps()).hasSameSizeAs(whole.steps());
    assertThat(last.steps()).extracting(m -> m.rewardMean().orElseThrow())
        .isEqualTo(whole.steps().stream().map(m -> m.rewardMean().orElseThrow()).toList());
    assertThat(last.rolledBack()).hasSameSizeAs(whole.rolledBack());
    assertThat(last.collapseStops()).isEqualTo(whole.collapseStops());
    assertThat(last.checkpoints()).containsExactly(out.resolve("round-0"), out.resolve("round-1"));
    try (Stream<Path> s = Files.list(out.resolve(StateFolder.NAME))) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      assertThat(names).noneMatch(Durable::isScratch).hasSizeLessThanOrEqualTo(TuneRequest.Builder.DEFAULT_KEEP_STATES);
    }
  }

  @Test
  void aRunStoppedInsideARoundResumesToTheSameWeightsBitForBit(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    TuneResult first = stopAfterPolls(out, 3);
    assertThat(first.stepsRun()).isEqualTo(3);
    assertThat(out.resolve("state/step-00000003/manifest.json")).exists();
    assertThat(out.resolve("state/step-00000003/snapshots/newer/model.safetensors")).as("the snapshot after step 2")
        .exists();
    TuneResult rest = ResumeFixture.run(out, 2);
    assertThat(rest.resumed()).hasValueSatisfying(r -> {
      assertThat(r.stepsDone()).isEqualTo(3);
      assertThat(r.round()).isZero();
      assertThat(r.step()).isEqualTo(3);
    });
    assertThat(rest.stepsRun()).isEqualTo(whole.stepsRun() - 3);
    assertSameRunAsWhole(out, rest);
    assertThat(count(out, "resume")).isOne();
  }

  @Test
  void aRunStoppedBetweenRoundsResumesThere(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    // polled after steps 1-4 of round 1; its step 5 trips the guard and ends the round; the 5th poll, before round 2
    stopAfterPolls(out, 5);
    TuneResult rest = ResumeFixture.run(out, 2);
    assertThat(rest.resumed()).hasValueSatisfying(r -> {
      assertThat(r.round()).isOne();
      assertThat(r.step()).isZero();
    });
    assertSameRunAsWhole(out, rest);
  }

  @Test
  void writingAStateEveryStepChangesNothing(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    TuneResult r = ResumeFixture.run(out, 1);
    assertThat(r.resumed()).isEmpty();
    assertSameRunAsWhole(out, r);
  }

  @Test
  void aResumeWithOtherSettingsIsRefusedNamingThemAndChangesNothing(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    stopAfterPolls(out, 3);
    byte[] metrics = Files.readAllBytes(out.resolve("metrics.jsonl"));
    try (DecoderPolicy policy = ResumeFixture.policy(3); GrpoTrainer trainer = ResumeFixture.trainer(policy, 2e-2)) {
      assertThatThrownBy(() -> Tao.tune(ResumeFixture.request(policy, trainer, out, 2).build()))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining(out.toString())
          .hasMessageContaining("trainerSettings.learningRate: 0.01 in the interrupted run, 0.02 now")
          .hasMessageContaining("choose a new output folder");
    }
    try (DecoderPolicy policy = ResumeFixture.policy(3); GrpoTrainer trainer = ResumeFixture.trainer(policy)) {
      assertThatThrownBy(() -> Tao.tune(ResumeFixture.request(policy, trainer, out, 2).seed(12).build()))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("seed: 11 in the interrupted run, 12 now");
      assertThatThrownBy(() -> Tao.tune(ResumeFixture.request(policy, trainer, out, 0).build()))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("checkpointEvery 0");
    }
    assertThat(Files.readAllBytes(out.resolve("metrics.jsonl"))).isEqualTo(metrics);
    assertSameRunAsWhole(out, ResumeFixture.run(out, 2));
  }

  @Test
  void aResumeInsideARoundWithOtherPromptsIsRefusedNamingThePrompt(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    stopAfterPolls(out, 3);
    List<Prompt> edited = new ArrayList<>(ResumeFixture.promptList());
    edited.set(3, Prompt.ofText(edited.get(3).id(), "ff"));
    List<Prompt> longer = new ArrayList<>(ResumeFixture.promptList());
    longer.add(Prompt.ofText("p-new", "a"));
    try (DecoderPolicy policy = ResumeFixture.policy(3); GrpoTrainer trainer = ResumeFixture.trainer(policy)) {
      assertThatThrownBy(() -> Tao.tune(ResumeFixture.request(policy, trainer, out, 2)
          .prompts(PromptSource.of(edited)).build()))
          .isInstanceOf(DataInputException.class).hasMessageContaining("prompt 'p-fg' (4 of round 1)")
          .hasMessageContaining("another text").hasMessageContaining("Resume with the same prompts");
      assertThatThrownBy(() -> Tao.tune(ResumeFixture.request(policy, trainer, out, 2)
          .prompts(PromptSource.of(longer)).build()))
          .isInstanceOf(DataInputException.class).hasMessageContaining("round 1 had 6 prompts")
          .hasMessageContaining("gives 7 now");
    }
    assertSameRunAsWhole(out, ResumeFixture.run(out, 2));
  }

  @Test
  void aCompletedRunIsNotRunAgain(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    ResumeFixture.run(out, 3);
    byte[] metrics = Files.readAllBytes(out.resolve("metrics.jsonl"));
    assertThatThrownBy(() -> ResumeFixture.run(out, 3)).isInstanceOf(OutputException.class)
        .hasMessageContaining("completed already").hasMessageContaining("nothing to resume")
        .hasMessageContaining("round-1");
    assertThat(Files.readAllBytes(out.resolve("metrics.jsonl"))).isEqualTo(metrics);
  }

  @Test
  void tornTemporaryFoldersAndDamagedStatesAreSkippedAndRemoved(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    stopAfterPolls(out, 3);
    Path states = out.resolve(StateFolder.NAME);
    // a write that died half way, and a newer state damaged on disk
    Path torn = states.resolve(".tmp-step-00000004-" + UUID.randomUUID());
    Files.createDirectories(torn.resolve("policy"));
    Files.write(torn.resolve("policy/model.safetensors"), new byte[] {1, 2, 3});
    Path damaged = states.resolve("step-00000007");
    copyTree(states.resolve("step-00000003"), damaged);
    byte[] w = Files.readAllBytes(damaged.resolve("policy/model.safetensors"));
    w[w.length - 1] ^= 1;
    Files.write(damaged.resolve("policy/model.safetensors"), w);
    Path tornRound = out.resolve(".tmp-round-0-" + UUID.randomUUID());
    Files.createDirectories(tornRound);

    TuneResult rest = ResumeFixture.run(out, 2);
    assertThat(rest.resumed().orElseThrow().stepsDone()).isEqualTo(3);
    assertThat(torn).doesNotExist();
    assertThat(tornRound).doesNotExist();
    assertThat(Files.readString(out.resolve("metrics.jsonl"))).contains("step-00000007 is damaged and skipped")
        .contains("policy/model.safetensors has");
    assertSameRunAsWhole(out, rest);
  }

  @Test
  void aRunThatDiedBeforeItsFirstStateStartsOver(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    stopAfterPolls(out, 3);
    Durable.deleteTree(out.resolve(StateFolder.NAME)); // as if killed before any state was complete
    TuneResult again = ResumeFixture.run(out, 2);
    assertThat(again.resumed()).isEmpty();
    assertThat(again.stepsRun()).isEqualTo(whole.stepsRun());
    assertThat(Files.readString(out.resolve("metrics.jsonl"))).contains("starting it over");
    assertThat(count(out, "run")).as("the dead attempt's lines are gone").isOne();
    assertSameRunAsWhole(out, again);
  }

  @Test
  void theKlReferenceMustBeTheWeightsTheRunStartedFrom(@TempDir Path tmp) {
    Path out = tmp.resolve("run");
    stopAfterPolls(out, 3);
    try (DecoderPolicy other = ResumeFixture.policy(4); GrpoTrainer trainer = ResumeFixture.trainer(other)) {
      assertThatThrownBy(() -> Tao.tune(ResumeFixture.request(other, trainer, out, 2).build()))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("KL reference")
          .hasMessageContaining("same starting weights");
    }
  }

  @Test
  void aFolderOfSomethingElseIsRefused(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("other");
    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> ResumeFixture.run(out, 2)).isInstanceOf(OutputException.class)
        .hasMessageContaining("notes.txt").hasMessageContaining("no run.json")
        .hasMessageContaining("choose a new folder");
    assertThat(out.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void aFolderInUseByAnotherRunIsRefused(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    stopAfterPolls(out, 3);
    try (FileChannel ch = FileChannel.open(out.resolve(RunFolder.LOCK_FILE), StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      assertThatThrownBy(() -> ResumeFixture.run(out, 2)).isInstanceOf(OutputException.class)
          .hasMessageContaining("in use by another run");
    }
    assertSameRunAsWhole(out, ResumeFixture.run(out, 2));
  }

  @Test
  void buildRefusesResumeStatesWithoutWhatTheyNeed(@TempDir Path tmp) {
    try (DecoderPolicy policy = ResumeFixture.policy(3); GrpoTrainer trainer = ResumeFixture.trainer(policy)) {
      assertThatThrownBy(() -> ResumeFixture.request(policy, trainer, null, 5).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("no outputDir");
      assertThatThrownBy(() -> ResumeFixture.request(policy, trainer, tmp, -1).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("checkpointEvery >= 0");
      assertThatThrownBy(() -> ResumeFixture.request(policy, trainer, tmp, 1).keepStates(0).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("keepStates >= 1");
    }
    UnigramPolicy unigram = new UnigramPolicy(4);
    UnigramTrainer trainer = new UnigramTrainer(unigram, 1.0);
    assertThatThrownBy(() -> TaoTuneTest.request(unigram, trainer, TaoTuneTest.LETTER_A, tmp).checkpointEvery(1)
        .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("policy 'unigram'")
        .hasMessageContaining("not resumable");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
  }
}
