package ai.tao.rewards.spi;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.WeightedScorer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates the {@code weighted} scorer ({@link WeightedScorer}) from other registered scorers.
 *
 * <p>Option {@code parts} lists the parts, comma-separated, each {@code [label@]scorer[:weight]}:
 * {@code parts=regex:0.3,length:0.7}. The weight defaults to 1; the label defaults to the scorer's
 * name and must be given when a scorer is used twice ({@code parts=tag@regex:1,fmt@regex:1}). A
 * part's own options are prefixed with its label and a dot: {@code regex.pattern=\d+}, {@code
 * length.max=200}. Any other option is an error.
 *
 * @since 0.1
 */
public final class WeightedScorerFactory implements ScorerFactory {

  private record PartSpec(String label, String scorer, double weight) {}

  @Override
  public String name() {
    return "weighted";
  }

  @Override
  public String description() {
    return "weighted mean of other scorers. Options: parts=[label@]scorer[:weight],...;"
        + " <label>.<option> for each part";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    List<PartSpec> parts = parts(options);
    Set<String> known = new HashSet<>(Set.of("parts"));
    PartScorers made = new PartScorers(name(), options, parts.stream().map(PartSpec::label).toList(), known);
    options.requireOnly(name(), known);
    WeightedScorer.Builder b = WeightedScorer.builder();
    try {
      for (PartSpec p : parts) {
        b.add(p.label(), made.create(p.label(), p.scorer()), p.weight());
      }
      return b.build();
    } catch (RuntimeException e) {
      throw made.closeAfter(e); // parts already made would otherwise keep their resources
    }
  }

  private List<PartSpec> parts(ScorerOptions options) {
    List<String> entries = Options.list(options, "parts");
    if (entries.isEmpty()) {
      throw new ConfigurationException("scorer 'weighted' needs option 'parts', such as"
          + " parts=regex:0.3,length:0.7");
    }
    Set<String> labels = new HashSet<>();
    return entries.stream().map(entry -> {
      String rest = entry;
      String label = null;
      int at = rest.indexOf('@');
      if (at >= 0) {
        label = rest.substring(0, at).strip();
        rest = rest.substring(at + 1);
      }
      double weight = 1.0;
      int colon = rest.lastIndexOf(':');
      if (colon >= 0) {
        String w = rest.substring(colon + 1).strip();
        try {
          weight = Double.parseDouble(w);
        } catch (NumberFormatException e) {
          throw new ConfigurationException("scorer 'weighted' part '" + entry + "' weight '" + w
              + "' is not a number", e);
        }
        rest = rest.substring(0, colon);
      }
      String scorer = rest.strip();
      if (label == null) {
        label = scorer;
      }
      if (scorer.isEmpty() || label.isEmpty() || label.contains(".")) {
        throw new ConfigurationException("scorer 'weighted' part '" + entry
            + "' is not [label@]scorer[:weight] with a label without dots");
      }
      if (!labels.add(label)) {
        throw new ConfigurationException("scorer 'weighted' part label '" + label + "' is used"
            + " twice: label the parts, as in parts=a@" + scorer + ":1,b@" + scorer + ":1");
      }
      return new PartSpec(label, scorer, weight);
    }).toList();
  }
}
