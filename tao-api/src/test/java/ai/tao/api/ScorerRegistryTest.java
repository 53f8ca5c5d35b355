package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerRegistryTest {

  private static final String SERVICES = "META-INF/services/" + ScorerFactory.class.getName();

  private final ClassLoader testLoader = ScorerRegistryTest.class.getClassLoader();

  @Test
  void findsFactoriesListedInServicesFile() {
    ScorerRegistry registry = new ScorerRegistry(testLoader);
    assertThat(registry.names()).containsExactly("alpha", "beta");
    assertThat(registry.factory("alpha")).get().extracting(ScorerFactory::description)
        .isEqualTo("text length times scale");
  }

  @Test
  void loadUsesTheContextClassLoader() {
    assertThat(ScorerRegistry.load().names()).contains("alpha", "beta");
  }

  @Test
  void createsScorerByNameWithOptions() {
    Scorer scorer =
        new ScorerRegistry(testLoader).create("alpha", ScorerOptions.of("scale", "2"));
    List<Score> scores = scorer.score(Fixtures.group("p", "a", "abc"));
    assertThat(scores).extracting(Score::value).containsExactly(2.0, 6.0);
  }

  @Test
  void namesAreMatchedExactly() {
    ScorerRegistry registry = new ScorerRegistry(testLoader);
    assertThat(registry.factory("Alpha")).isEmpty();
    assertThat(registry.factory(" alpha")).isEmpty();
  }

  @Test
  void unknownNameListsAvailableNames() {
    assertThatThrownBy(() -> new ScorerRegistry(testLoader).create("gamma", ScorerOptions.empty()))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("'gamma'")
        .hasMessageContaining("[alpha, beta]");
  }

  @Test
  void optionErrorsFromTheFactoryPropagateAsConfigurationErrors() {
    ScorerRegistry registry = new ScorerRegistry(testLoader);
    assertThatThrownBy(() -> registry.create("alpha", ScorerOptions.of("scale", "big")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("scale");
    assertThatThrownBy(() -> registry.create("alpha", ScorerOptions.of("scael", "2")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("scael");
  }

  @Test
  void aFactoryThatThrowsIsReportedByNameAndClass() {
    assertThatThrownBy(() -> new ScorerRegistry(testLoader).create("beta", ScorerOptions.empty()))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("'beta'")
        .hasMessageContaining(TestScorerFactories.Beta.class.getName())
        .hasMessageContaining("beta is broken")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void duplicateNamesOnTheClasspathFailNamingBothClasses(@TempDir Path dir) throws IOException {
    Path services = dir.resolve(SERVICES);
    Files.createDirectories(services.getParent());
    Files.writeString(services, TestScorerFactories.AlphaImpostor.class.getName() + "\n");

    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, testLoader)) {
      assertThatThrownBy(() -> new ScorerRegistry(loader))
          .isInstanceOf(ScoringException.class)
          .hasMessageContaining("'alpha'")
          .hasMessageContaining(TestScorerFactories.Alpha.class.getName())
          .hasMessageContaining(TestScorerFactories.AlphaImpostor.class.getName());
    }
  }

  @Test
  void missingPluginClassIsReportedAsScoringError(@TempDir Path dir) throws IOException {
    Path services = dir.resolve(SERVICES);
    Files.createDirectories(services.getParent());
    Files.writeString(services, "com.example.NoSuchFactory\n");

    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, testLoader)) {
      assertThatThrownBy(() -> new ScorerRegistry(loader))
          .isInstanceOf(ScoringException.class)
          .hasMessageContaining("com.example.NoSuchFactory");
    }
  }

  @Test
  void ofRejectsDuplicatesAndBlankNames() {
    assertThatThrownBy(
            () -> ScorerRegistry.of(
                List.of(new TestScorerFactories.Alpha(), new TestScorerFactories.AlphaImpostor())))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("registered twice");

    ScorerFactory blank =
        new ScorerFactory() {
          @Override
          public String name() {
            return " ";
          }

          @Override
          public Scorer create(ScorerOptions options) {
            throw new AssertionError();
          }
        };
    assertThatThrownBy(() -> ScorerRegistry.of(List.of(blank)))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("invalid name");
  }

  @Test
  void aFactoryReturningNullIsAnError() {
    ScorerFactory nullFactory =
        new ScorerFactory() {
          @Override
          public String name() {
            return "null-scorer";
          }

          @Override
          public Scorer create(ScorerOptions options) {
            return null;
          }
        };
    assertThatThrownBy(
            () -> ScorerRegistry.of(List.of(nullFactory)).create("null-scorer", ScorerOptions.empty()))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("returned null");
  }
}
