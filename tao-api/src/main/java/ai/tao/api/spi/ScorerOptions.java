package ai.tao.api.spi;

import ai.tao.api.ConfigurationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * String settings for a scorer, as a user writes them ({@code maxLength=200}), with typed getters
 * that fail loudly on values that do not parse.
 *
 * @param values option keys to raw values, in the order given
 * @since 0.1
 */
public record ScorerOptions(Map<String, String> values) {

  /**
   * @throws ConfigurationException if a key is blank
   */
  public ScorerOptions {
    Objects.requireNonNull(values, "values");
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "option key");
      if (key.isBlank()) {
        throw new ConfigurationException("scorer option key must not be blank");
      }
      copy.put(key, Objects.requireNonNull(e.getValue(), "value of option '" + key + "'"));
    }
    values = Collections.unmodifiableMap(copy);
  }

  /** No options. */
  public static ScorerOptions empty() {
    return new ScorerOptions(Map.of());
  }

  /**
   * Options from alternating keys and values: {@code of("maxLength", "200", "strict", "true")}.
   *
   * @throws ConfigurationException if the count is odd or a key repeats
   */
  public static ScorerOptions of(String... keysAndValues) {
    Objects.requireNonNull(keysAndValues, "keysAndValues");
    if (keysAndValues.length % 2 != 0) {
      throw new ConfigurationException(
          "scorer options need alternating keys and values, got an odd count "
              + keysAndValues.length);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = Objects.requireNonNull(keysAndValues[i], "option key at position " + i);
      String value = Objects.requireNonNull(keysAndValues[i + 1], "value of option '" + key + "'");
      if (map.put(key, value) != null) {
        throw new ConfigurationException("scorer option '" + key + "' is given twice");
      }
    }
    return new ScorerOptions(map);
  }

  /** The raw value of {@code key}, if set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key")));
  }

  /** Whether {@code key} is set. */
  public boolean has(String key) {
    return values.containsKey(Objects.requireNonNull(key, "key"));
  }

  /** The value of {@code key}, or {@code dflt} when unset. */
  public String string(String key, String dflt) {
    Objects.requireNonNull(dflt, "dflt");
    return get(key).orElse(dflt);
  }

  /**
   * The value of {@code key} as a double, or {@code dflt} when unset.
   *
   * @throws ConfigurationException naming the key and value if it is not a number
   */
  public double doubleValue(String key, double dflt) {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return dflt;
    }
    try {
      return Double.parseDouble(raw.get().strip());
    } catch (NumberFormatException e) {
      throw bad(key, raw.get(), "a number", e);
    }
  }

  /**
   * The value of {@code key} as an int, or {@code dflt} when unset.
   *
   * @throws ConfigurationException naming the key and value if it is not an integer
   */
  public int intValue(String key, int dflt) {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return dflt;
    }
    try {
      return Integer.parseInt(raw.get().strip());
    } catch (NumberFormatException e) {
      throw bad(key, raw.get(), "an integer", e);
    }
  }

  /**
   * The value of {@code key} as a boolean, or {@code dflt} when unset. Only {@code true} and
   * {@code false} (any case) are accepted, unlike {@link Boolean#parseBoolean}, which reads a typo as
   * false.
   *
   * @throws ConfigurationException naming the key and value if it is neither
   */
  public boolean bool(String key, boolean dflt) {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return dflt;
    }
    String v = raw.get().strip();
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw bad(key, raw.get(), "true or false", null);
  }

  /**
   * Fails if an option outside {@code knownKeys} is set, so a misspelt option is not silently
   * ignored.
   *
   * @param scorerName named in the message
   * @throws ConfigurationException naming the unknown keys and the known ones
   */
  public ScorerOptions requireOnly(String scorerName, Set<String> knownKeys) {
    Objects.requireNonNull(scorerName, "scorerName");
    Objects.requireNonNull(knownKeys, "knownKeys");
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(knownKeys);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          "scorer '" + scorerName + "' does not take option(s) " + unknown
              + "; it takes " + new TreeSet<>(knownKeys));
    }
    return this;
  }

  private static ConfigurationException bad(
      String key, String value, String expected, Throwable cause) {
    String message = "scorer option '" + key + "' = '" + value + "' is not " + expected;
    return cause == null ? new ConfigurationException(message)
        : new ConfigurationException(message, cause);
  }
}
