package ai.tao.rewards.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * H2 is optional: with it off the classpath every scorer is still listed, the non-SQL ones work,
 * and an SQL scorer built by name says what is missing.
 */
class WithoutH2Test {

  /** This module's test classpath without the H2 jar, in a loader of its own. */
  static URLClassLoader withoutH2() throws MalformedURLException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (!entry.isBlank() && !new File(entry).getName().startsWith("h2-")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  @Test
  void registryAndNonSqlScorersWorkAndSqlScorersSayWhatIsMissing() throws Exception {
    try (URLClassLoader loader = withoutH2()) {
      assertThat(loader.getResource("org/h2/Driver.class")).isNull();
      Class<?> registryClass = loader.loadClass("ai.tao.api.ScorerRegistry");
      Class<?> optionsClass = loader.loadClass("ai.tao.api.spi.ScorerOptions");
      Object registry = registryClass.getConstructor(ClassLoader.class).newInstance(loader);
      @SuppressWarnings("unchecked")
      Set<String> names = (Set<String>) registryClass.getMethod("names").invoke(registry);
      assertThat(names).contains("regex", "json-valid", "sql-execution", "sql-consensus");
      var create = registryClass.getMethod("create", String.class, optionsClass);
      var of = optionsClass.getMethod("of", String[].class);
      Object regex = create.invoke(registry, "regex", of.invoke(null, (Object) new String[] {"pattern", "x"}));
      assertThat(regex.getClass().getName()).isEqualTo("ai.tao.rewards.RegexScorer");
      Object sqlOptions = of.invoke(null, (Object) new String[] {"script", "CREATE TABLE t (a INT);"});
      Throwable thrown = null;
      try {
        create.invoke(registry, "sql-execution", sqlOptions);
      } catch (InvocationTargetException e) {
        thrown = e.getCause();
      }
      assertThat(thrown).isNotNull();
      assertThat(thrown.getClass().getName()).isEqualTo("ai.tao.api.ConfigurationException");
      assertThat(thrown.getMessage()).contains("H2 is not on the classpath").contains("com.h2database:h2");
    }
  }
}
