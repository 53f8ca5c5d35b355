package ai.tao.benchmarks.docqa;

import java.util.List;

/**
 * A line of a {@link Statement}, with the name the statement and the documentation use, and the
 * other names production users call it by.
 *
 * @since 0.3
 */
public enum LineItem {
  REVENUE("revenue", List.of("sales", "top line", "turnover")),
  COST_OF_REVENUE("cost of revenue", List.of("cost of sales", "COGS")),
  OPERATING_EXPENSES("operating expenses", List.of("opex", "operating costs")),
  NET_INCOME("net income", List.of("profit", "bottom line", "earnings")),
  CASH("cash", List.of("cash on hand", "cash balance"));

  private final String docName;
  private final List<String> synonyms;

  LineItem(String docName, List<String> synonyms) {
    this.docName = docName;
    this.synonyms = synonyms;
  }

  /** The name printed in the statement and used by every documentation question, such as {@code cost of revenue}. */
  public String docName() {
    return docName;
  }

  /** Other names for the line, never in a statement or a documentation question, such as {@code COGS}. */
  public List<String> synonyms() {
    return synonyms;
  }
}
