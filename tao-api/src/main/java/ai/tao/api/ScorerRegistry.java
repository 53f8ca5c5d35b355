package ai.tao.api;

import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every {@link ScorerFactory} on the classpath, looked up by exact name.
 *
 * <p>Names are matched exactly, case included; by convention they are lower-kebab-case, such as
 * {@code "json-valid"}. Two factories with the same name are an error reported when the registry
 * is built, naming both classes: the registry never picks "the first one found", which would make
 * the scorer in use depend on classpath order.
 *
 * @since 0.1
 */
public final class ScorerRegistry {

  private final Map<String, ScorerFactory> factories;

  /**
   * Loads every factory listed in {@code META-INF/services/ai.tao.api.spi.ScorerFactory} visible
   * to {@code loader}.
   *
   * @throws ScoringException if two factories share a name, a factory's name is blank, or a listed
   *     factory cannot be instantiated
   */
  public ScorerRegistry(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    Map<String, ScorerFactory> byName = new TreeMap<>();
    try {
      for (ScorerFactory factory : ServiceLoader.load(ScorerFactory.class, loader)) {
        register(byName, factory);
      }
    } catch (ServiceConfigurationError e) {
      throw new ScoringException(
          "could not load a scorer plugin listed in META-INF/services/"
              + ScorerFactory.class.getName() + ": " + e.getMessage()
              + "; check that the class exists, is public and has a public no-argument constructor",
          e);
    }
    this.factories = Collections.unmodifiableMap(byName);
  }

  private ScorerRegistry(Map<String, ScorerFactory> factories) {
    this.factories = Collections.unmodifiableMap(factories);
  }

  /**
   * Loads the factories visible to the thread's context class loader (or this class's loader when
   * there is none), as {@link ServiceLoader#load(Class)} does.
   *
   * @throws ScoringException as {@link #ScorerRegistry(ClassLoader)}
   */
  public static ScorerRegistry load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return new ScorerRegistry(loader != null ? loader : ScorerRegistry.class.getClassLoader());
  }

  /**
   * A registry of exactly the given factories, without looking at the classpath.
   *
   * @throws ScoringException if two factories share a name or a name is blank
   */
  public static ScorerRegistry of(Collection<? extends ScorerFactory> factories) {
    Objects.requireNonNull(factories, "factories");
    Map<String, ScorerFactory> byName = new TreeMap<>();
    for (ScorerFactory factory : factories) {
      register(byName, Objects.requireNonNull(factory, "factory"));
    }
    return new ScorerRegistry(byName);
  }

  private static void register(Map<String, ScorerFactory> byName, ScorerFactory factory) {
    String name = factory.name();
    if (name == null || name.isBlank() || !name.equals(name.strip())) {
      throw new ScoringException(
          "scorer factory " + factory.getClass().getName() + " has an invalid name '" + name
              + "': use a non-blank lower-kebab-case name such as \"json-valid\"");
    }
    ScorerFactory previous = byName.putIfAbsent(name, factory);
    if (previous != null) {
      throw new ScoringException(
          "scorer name '" + name + "' is registered twice, by " + previous.getClass().getName()
              + " and by " + factory.getClass().getName()
              + ": remove one from the classpath or rename it");
    }
  }

  /** The registered names, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(factories.keySet());
  }

  /** The factory registered under exactly {@code name}, if any. */
  public Optional<ScorerFactory> factory(String name) {
    return Optional.ofNullable(factories.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * Creates the scorer registered under {@code name}.
   *
   * @throws ScoringException if no factory has that name (the message lists the names there are),
   *     or the factory fails or returns null
   * @throws ConfigurationException if the factory rejects the options
   */
  public Scorer create(String name, ScorerOptions options) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    ScorerFactory factory = factories.get(name);
    if (factory == null) {
      throw new ScoringException(
          "no scorer named '" + name + "'; available: " + factories.keySet()
              + " (names are matched exactly; add a plugin to the classpath to get more)");
    }
    Scorer scorer;
    try {
      scorer = factory.create(options);
    } catch (TaoException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ScoringException(
          "scorer factory '" + name + "' (" + factory.getClass().getName() + ") failed: " + e, e);
    }
    if (scorer == null) {
      throw new ScoringException(
          "scorer factory '" + name + "' (" + factory.getClass().getName() + ") returned null");
    }
    return scorer;
  }

  @Override
  public String toString() {
    return "ScorerRegistry" + factories.keySet();
  }
}
