package ai.tao.benchmarks.docqa;

import java.util.List;

/**
 * A line of a {@link Statement}, with the name the statement and the documentation use, and the
 * other names production users call it by.
 *
 * <p>The statement names end in five different letters and none is the end of another (as "revenue"
 * is of "cost of revenue"): a byte-level model finds a figure by the bytes just before it, and with
 * "revenue" inside "cost of revenue" it did not learn to (2% documentation pass@1 after 450 steps).
 *
 * @since 0.3
 */
public enum LineItem {
  REVENUE("revenue", List.of("sales", "top line", "turnover")),
  COST_OF_GOODS_SOLD("cost of goods sold", List.of("cost of sales", "COGS", "cost of revenue")),
  OPERATING_EXPENSES("operating expenses", List.of("opex", "operating costs")),
  NET_PROFIT("net profit", List.of("net income", "bottom line", "earnings")),
  CASH("cash", List.of("cash on hand", "cash balance"));

  private final String docName;
  private final List<String> synonyms;

  LineItem(String docName, List<String> synonyms) {
    this.docName = docName;
    this.synonyms = synonyms;
  }

  /** The name printed in the statement and used by every documentation question, such as {@code cost of goods sold}. */
  public String docName() {
    return docName;
  }

  /** Other names for the line, never in a statement or a documentation question, such as {@code COGS}. */
  public List<String> synonyms() {
    return synonyms;
  }
}
