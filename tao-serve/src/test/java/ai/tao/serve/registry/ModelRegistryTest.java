package ai.tao.serve.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.ModelLoadException;
import ai.tao.api.OutputException;
import ai.tao.api.Policy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  @TempDir Path dir;

  private static Registration plain() {
    return Registration.builder().build();
  }

  private ModelVersion register(ModelRegistry r, String name) {
    return r.register(FakePolicy.answering(name, name), plain());
  }

  /** A registry holding v0001, v0002 and v0003, none promoted. */
  private ModelRegistry threeVersions() {
    ModelRegistry r = ModelRegistry.open(dir);
    for (String name : List.of("a", "b", "c")) {
      register(r, name);
    }
    return r;
  }

  private static List<String> ids(ModelRegistry r) {
    return r.versions().stream().map(ModelVersion::id).toList();
  }

  @Test
  void registeredVersionsGetNumberedIdsAndNoneIsCurrentUntilPromoted() throws Exception {
    ModelRegistry r = ModelRegistry.open(dir);
    assertThat(r.current()).isEmpty();
    ModelVersion v1 = register(r, "base");
    ModelVersion v2 = register(r, "tuned");

    assertThat(v1.id()).isEqualTo("v0001");
    assertThat(v2.id()).isEqualTo("v0002");
    assertThat(v2.folder()).isEqualTo(r.dir().resolve("versions").resolve("v0002"));
    assertThat(v2.folder().resolve("config.json")).exists();
    assertThat(v2.folder().resolve("manifest.json")).exists();
    assertThat(ids(r)).containsExactly("v0001", "v0002");
    assertThat(r.current()).isEmpty();

    assertThat(r.promote("v0002").id()).isEqualTo("v0002");
    assertThat(r.current()).map(ModelVersion::id).hasValue("v0002");
    assertThat(Files.readString(dir.resolve("current"), StandardCharsets.UTF_8).strip()).isEqualTo("v0002");
    assertThat(r.history()).singleElement().satisfies(e -> {
      assertThat(e.change()).isEqualTo(HistoryEntry.Change.PROMOTE);
      assertThat(e.from()).isEmpty();
      assertThat(e.to()).isEqualTo("v0002");
    });
  }

  @Test
  void promotingTheCurrentVersionAgainRecordsNothing() {
    ModelRegistry r = ModelRegistry.open(dir);
    register(r, "base");
    r.promote("v0001");
    r.promote("v0001");
    assertThat(r.history()).hasSize(1);
  }

  @Test
  void theManifestHoldsWhatWasRegisteredAndReadsBackTheSame() {
    ModelRegistry r = ModelRegistry.open(dir);
    register(r, "base");
    ModelVersion v = r.register(FakePolicy.answering("tuned", "x"), Registration.builder().id("sql-2025-01")
        .parent("v0001").datasetVersion("rows<=18422").setting("rounds", "3").setting("scorer", "sql-exec")
        .metric("shadow.candidate_mean", 0.61).status(VersionStatus.APPROVED).build());

    VersionManifest m = ModelRegistry.open(dir).version("sql-2025-01").manifest();
    assertThat(m).isEqualTo(v.manifest());
    assertThat(m.parent()).hasValue("v0001");
    assertThat(m.datasetVersion()).hasValue("rows<=18422");
    assertThat(m.settings()).containsExactly(java.util.Map.entry("rounds", "3"), java.util.Map.entry("scorer",
        "sql-exec"));
    assertThat(m.metrics()).containsEntry("shadow.candidate_mean", 0.61);
    assertThat(m.status()).isEqualTo(VersionStatus.APPROVED);
    assertThat(r.version("v0001").manifest().parent()).isEmpty();
  }

  @Test
  void thePointerSurvivesReopening() {
    ModelRegistry r = ModelRegistry.open(dir);
    register(r, "base");
    register(r, "tuned");
    r.promote("v0002");

    ModelRegistry reopened = ModelRegistry.open(dir);
    assertThat(reopened.current()).map(ModelVersion::id).hasValue("v0002");
    assertThat(ids(reopened)).containsExactly("v0001", "v0002");
  }

  @Test
  void rollbackWalksBackThroughThePromotionsAlsoAfterARestart() {
    ModelRegistry r = threeVersions();
    for (String id : List.of("v0001", "v0002", "v0003")) {
      r.promote(id);
    }

    assertThat(r.rollback().id()).isEqualTo("v0002");
    assertThat(r.current()).map(ModelVersion::id).hasValue("v0002");

    ModelRegistry restarted = ModelRegistry.open(dir); // a new process: only the files are left
    assertThat(restarted.current()).map(ModelVersion::id).hasValue("v0002");
    assertThat(restarted.rollback().id()).isEqualTo("v0001");
    assertThat(ModelRegistry.open(dir).current()).map(ModelVersion::id).hasValue("v0001");
    assertThat(restarted.history()).extracting(HistoryEntry::change).containsExactly(HistoryEntry.Change.PROMOTE,
        HistoryEntry.Change.PROMOTE, HistoryEntry.Change.PROMOTE, HistoryEntry.Change.ROLLBACK,
        HistoryEntry.Change.ROLLBACK);
  }

  @Test
  void rollbackAfterARollbackAndAPromotionGoesToTheVersionCurrentBeforeThatPromotion() {
    ModelRegistry r = threeVersions();
    r.promote("v0001");
    r.promote("v0002");
    r.rollback(); // v0001
    r.promote("v0003");
    assertThat(ModelRegistry.open(dir).rollback().id()).isEqualTo("v0001");
  }

  @Test
  void rollbackWithNothingToGoBackToFailsClearly() {
    ModelRegistry r = ModelRegistry.open(dir);
    assertThatThrownBy(r::rollback).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("nothing to roll back to").hasMessageContaining("no version was ever promoted");

    register(r, "base");
    r.promote("v0001");
    assertThatThrownBy(ModelRegistry.open(dir)::rollback).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("nothing to roll back to").hasMessageContaining("v0001 is the first one promoted");
    assertThat(r.current()).map(ModelVersion::id).hasValue("v0001");
  }

  @Test
  void anUnknownVersionIsNamedWithTheVersionsThereAre() {
    ModelRegistry r = ModelRegistry.open(dir);
    assertThatThrownBy(() -> r.promote("v0001")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no version 'v0001'").hasMessageContaining("has no versions yet");
    register(r, "a");
    register(r, "b");
    assertThatThrownBy(() -> r.version("v0009")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no version 'v0009'").hasMessageContaining("has v0001, v0002");
    assertThatThrownBy(() -> r.register(FakePolicy.answering("c", "c"), Registration.builder().parent("v0007")
        .build())).isInstanceOf(ConfigurationException.class).hasMessageContaining("parent 'v0007'")
        .hasMessageContaining("has v0001, v0002");
  }

  @Test
  void registeringUnderATakenIdRefusesAndLeavesTheVersionAsItWas() throws Exception {
    ModelRegistry r = ModelRegistry.open(dir);
    r.register(FakePolicy.answering("first", "x"), Registration.builder().id("prod").build());
    assertThatThrownBy(() -> r.register(FakePolicy.answering("second", "y"), Registration.builder().id("prod")
        .build())).isInstanceOf(OutputException.class).hasMessageContaining("version prod exists already")
        .hasMessageContaining("never overwrites");
    assertThat(Files.readString(r.version("prod").folder().resolve("config.json"))).contains("first");
    assertThat(Files.list(dir.resolve("versions")).map(p -> p.getFileName().toString())).containsExactly("prod");
  }

  @Test
  void aMalformedIdIsRefusedByTheBuilder() {
    assertThatThrownBy(() -> Registration.builder().id("../escape").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'../escape' is not a version id");
    assertThatThrownBy(() -> Registration.builder().metric("loss", Double.NaN).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("metric 'loss'");
  }

  @Test
  void aCorruptManifestNamesItsFile() throws Exception {
    ModelRegistry r = ModelRegistry.open(dir);
    register(r, "a");
    Path manifest = dir.resolve("versions/v0001/manifest.json");
    Files.writeString(manifest, "{\"format\":1,\"id\":\"v0001\",");

    assertThatThrownBy(() -> ModelRegistry.open(dir)).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(manifest.toRealPath().toString()).hasMessageContaining("is corrupt");
    Files.writeString(manifest, Files.readString(manifest) + "\"settings\":{},\"metrics\":{},\"created_at\":"
        + "\"2025-01-01T00:00:00Z\",\"status\":\"maybe\"}");
    assertThatThrownBy(r::versions).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("manifest.json").hasMessageContaining("status is 'maybe'");
  }

  @Test
  void aRejectedVersionIsNeverPromoted() {
    ModelRegistry r = ModelRegistry.open(dir);
    register(r, "base");
    r.promote("v0001");
    r.register(FakePolicy.answering("worse", "x"), Registration.builder().status(VersionStatus.REJECTED).build());
    assertThatThrownBy(() -> r.promote("v0002")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("rejected by the evaluation gate");
    assertThat(r.current()).map(ModelVersion::id).hasValue("v0001");
  }

  @Test
  void leftoversOfACrashAreIgnoredOnOpen() throws Exception {
    ModelRegistry r = ModelRegistry.open(dir);
    register(r, "base");
    r.promote("v0001");
    Path versions = dir.resolve("versions");
    // A registration killed half way: its temporary folder, with weights but no manifest yet.
    Path tmp = versions.resolve(".tmp-v0002-6f1c2a34-8b1e-4c5d-9e2f-0a1b2c3d4e5f");
    Files.createDirectories(tmp);
    Files.writeString(tmp.resolve("config.json"), "{\"half\":");
    // A folder under a version's name that the registry did not make (no manifest).
    Files.createDirectories(versions.resolve("v0003"));
    Files.writeString(versions.resolve("v0003/config.json"), "{}");
    // A pointer write killed before its rename, and a history append killed mid-line.
    Files.writeString(dir.resolve(".tmp-current-0f1e2d3c-4b5a-6978-8a9b-acbdcedfe0f1"), "v00");
    Files.writeString(dir.resolve("history.jsonl"), "{\"at\":\"2025-01-01T00:00:00Z\",\"chan",
        java.nio.file.StandardOpenOption.APPEND);

    ModelRegistry reopened = ModelRegistry.open(dir);
    assertThat(ids(reopened)).containsExactly("v0001");
    assertThat(reopened.current()).map(ModelVersion::id).hasValue("v0001");
    assertThat(reopened.history()).hasSize(1);
    assertThat(Files.readString(dir.resolve("history.jsonl"))).endsWith("}\n"); // the torn line is cut off

    ModelVersion next = register(reopened, "tuned"); // a fresh id: neither v0002's leftover nor v0003 is reused
    assertThat(next.id()).isEqualTo("v0004");
    assertThatThrownBy(() -> reopened.register(FakePolicy.answering("x", "x"), Registration.builder().id("v0003")
        .build())).isInstanceOf(OutputException.class).hasMessageContaining("exists already");
    reopened.promote("v0004");
    assertThat(reopened.rollback().id()).isEqualTo("v0001");
  }

  @Test
  void aCrashBetweenSwitchingThePointerAndAppendingTheHistoryIsRecordedOnOpen() throws Exception {
    ModelRegistry r = ModelRegistry.open(dir);
    register(r, "a");
    register(r, "b");
    r.promote("v0001");
    Files.writeString(dir.resolve("current"), "v0002\n"); // the switch landed, the history line did not

    ModelRegistry reopened = ModelRegistry.open(dir);
    assertThat(reopened.history()).extracting(HistoryEntry::to).containsExactly("v0001", "v0002");
    assertThat(reopened.rollback().id()).isEqualTo("v0001");
  }

  @Test
  void aPointerNamingNoVersionFailsLoudly() throws Exception {
    ModelRegistry r = ModelRegistry.open(dir);
    register(r, "a");
    Files.writeString(dir.resolve("current"), "v0042\n");
    assertThatThrownBy(r::current).isInstanceOf(ModelLoadException.class).hasMessageContaining("'v0042'")
        .hasMessageContaining("has v0001");
    Files.writeString(dir.resolve("current"), "not a version\n");
    assertThatThrownBy(r::current).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("holds 'not a version'");
  }

  @Test
  void aModelFolderIsCopiedInAndAFolderThatIsNoModelIsRefused() throws Exception {
    Path source = dir.resolve("saved");
    FakePolicy.answering("outside", "x").save(source);
    Files.createDirectories(source.resolve("sub"));
    Files.writeString(source.resolve("sub/extra.txt"), "kept");
    ModelRegistry r = ModelRegistry.open(dir.resolve("registry"));

    ModelVersion v = r.register(source, plain());
    assertThat(v.folder().resolve("sub/extra.txt")).hasContent("kept");
    assertThat(r.load(v, FakePolicy::load).name()).isEqualTo("outside");
    assertThat(source.resolve("manifest.json")).doesNotExist(); // the source is left as it was

    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> r.register(empty, plain())).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("has no config.json");
    Policy noConfig = new FakePolicy("broken", p -> "x") {
      @Override
      public void save(Path d) {}
    };
    assertThatThrownBy(() -> r.register(noConfig, plain())).isInstanceOf(OutputException.class)
        .hasMessageContaining("wrote no config.json");
    assertThat(ids(r)).containsExactly("v0001");
    assertThat(Files.list(r.dir().resolve("versions"))).hasSize(1); // no temporary folder is left behind
  }

  @Test
  void aVersionOfAnotherRegistryIsNotLoaded() {
    ModelRegistry a = ModelRegistry.open(dir.resolve("a"));
    ModelRegistry b = ModelRegistry.open(dir.resolve("b"));
    ModelVersion v = register(a, "x");
    register(b, "y");
    assertThatThrownBy(() -> b.load(v, FakePolicy::load)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("is not one of model registry");
    assertThat(a.load(v, FakePolicy::load).name()).isEqualTo("x");
  }
}
