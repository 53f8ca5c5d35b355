package ai.tao.benchmarks.docqa;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A short financial statement, the document a question is about: a company, a fiscal year and one
 * integer figure for every {@link LineItem}, in one compact layout:
 *
 * <pre>
 * Norvex Inc. FY2021: revenue 412, cost of goods sold 230, operating expenses 95, net profit 61, cash 140.
 * </pre>
 *
 * @param company the company's name with its legal form, such as {@code Norvex Inc.}
 * @param year the fiscal year, such as 2021
 * @param values one figure per line item, each 10 to 999
 * @since 0.3
 */
public record Statement(String company, int year, Map<LineItem, Integer> values) {

  public Statement {
    Objects.requireNonNull(company, "company");
    Objects.requireNonNull(values, "values");
    if (values.size() != LineItem.values().length) {
      throw new IllegalArgumentException("a statement needs a figure for every line item, got " + values.keySet());
    }
    values.forEach((item, v) -> {
      if (v < 10 || v > 999) {
        throw new IllegalArgumentException(item.docName() + " must be 10 to 999, got " + v);
      }
    });
    values = Map.copyOf(new EnumMap<>(values));
  }

  /** The figure of {@code item}. */
  public int value(LineItem item) {
    return values.get(item);
  }

  /** The statement as the model reads it, one line, lines in {@link LineItem} order. */
  public String text() {
    StringJoiner lines = new StringJoiner(", ", company + " FY" + year + ": ", ".");
    for (LineItem item : LineItem.values()) {
      lines.add(item.docName() + " " + value(item));
    }
    return lines.toString();
  }
}
