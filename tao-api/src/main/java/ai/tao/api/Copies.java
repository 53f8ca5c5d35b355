package ai.tao.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable copies that keep iteration order and name the offending entry when one is null.
 *
 * <p>{@link Map#copyOf} would do, but its iteration order changes from one JVM run to the next,
 * and metrics and configs are logged: a stable order keeps logs diffable.
 */
final class Copies {
  private Copies() {}

  static <T> List<T> list(List<T> source, String name) {
    Objects.requireNonNull(source, name);
    List<T> copy = new ArrayList<>(source.size());
    for (int i = 0; i < source.size(); i++) {
      T element = source.get(i);
      if (element == null) {
        throw new NullPointerException(name + " has a null element at index " + i);
      }
      copy.add(element);
    }
    return Collections.unmodifiableList(copy);
  }

  static <K, V> Map<K, V> orderedMap(Map<K, V> source, String name) {
    Objects.requireNonNull(source, name);
    Map<K, V> copy = new LinkedHashMap<>();
    for (Map.Entry<K, V> e : source.entrySet()) {
      if (e.getKey() == null) {
        throw new NullPointerException(name + " has a null key");
      }
      if (e.getValue() == null) {
        throw new NullPointerException(name + " has a null value for key '" + e.getKey() + "'");
      }
      copy.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(copy);
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
