package ai.tao.rewards.spi;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerRegistry;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.internal.Parts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a composite scorer (weighted, gated, router), each made by name through the
 * registry from the options prefixed with its label and a dot ({@code gate.pattern=\d+}). If making
 * the composite fails, {@link #closeAfter} releases the parts already made.
 */
final class PartScorers {
  private final String owner;
  private final Map<String, Map<String, String>> subOptions = new LinkedHashMap<>();
  private final List<Scorer> created = new ArrayList<>();
  private final ScorerRegistry registry = ScorerRegistry.load();

  /**
   * Splits {@code options} by part label; adds each prefixed key it takes to {@code known}, for
   * the owner's {@link ScorerOptions#requireOnly}.
   */
  PartScorers(String owner, ScorerOptions options, Collection<String> labels, Set<String> known) {
    this.owner = owner;
    for (String label : labels) {
      subOptions.put(label, new LinkedHashMap<>());
    }
    for (Map.Entry<String, String> e : options.values().entrySet()) {
      int dot = e.getKey().indexOf('.');
      if (dot > 0 && subOptions.containsKey(e.getKey().substring(0, dot))) {
        subOptions.get(e.getKey().substring(0, dot)).put(e.getKey().substring(dot + 1), e.getValue());
        known.add(e.getKey());
      }
    }
  }

  /** Makes part {@code label} as the registered scorer {@code scorer}, from its prefixed options. */
  Scorer create(String label, String scorer) {
    Scorer s;
    try {
      s = registry.create(scorer, new ScorerOptions(subOptions.getOrDefault(label, Map.of())));
    } catch (ConfigurationException e) {
      throw new ConfigurationException("scorer '" + owner + "' part '" + label + "': " + e.getMessage(), e);
    }
    created.add(s);
    return s;
  }

  /**
   * Closes every part made so far, for a composite that could not be built; returns {@code cause},
   * with any failure to close added to it as suppressed, for the caller to throw.
   */
  RuntimeException closeAfter(RuntimeException cause) {
    try {
      Parts.closeAll(created);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
    return cause;
  }
}
