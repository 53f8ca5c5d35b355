package ai.tao.benchmarks.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One kind of question: a SQL template and the ways people phrase it, in the documentation
 * ({@code doc}) and in production traffic ({@code prod}). Templates share {@link SqlSlot}
 * placeholders; every phrasing names every slot of the SQL.
 */
record SqlIntent(String name, String sql, List<String> doc, List<String> prod) {

  SqlIntent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sql, "sql");
    doc = List.copyOf(doc);
    prod = List.copyOf(prod);
    List<SqlSlot> slots = slotsOf(sql);
    for (String phrasing : concat(doc, prod)) {
      if (!slotsOf(phrasing).equals(slots)) {
        throw new IllegalArgumentException(
            "intent " + name + ": phrasing '" + phrasing + "' has slots " + slotsOf(phrasing)
                + " but the SQL has " + slots);
      }
    }
  }

  /** The slots of the SQL template, in {@link SqlSlot} order. */
  List<SqlSlot> slots() {
    return slotsOf(sql);
  }

  /** {@code template} with each placeholder replaced by its value. */
  static String fill(String template, Map<SqlSlot, String> values) {
    String out = template;
    for (Map.Entry<SqlSlot, String> e : values.entrySet()) {
      out = out.replace(e.getKey().placeholder(), e.getValue());
    }
    return out;
  }

  private static List<SqlSlot> slotsOf(String template) {
    List<SqlSlot> slots = new ArrayList<>();
    for (SqlSlot slot : SqlSlot.values()) {
      if (template.contains(slot.placeholder())) {
        slots.add(slot);
      }
    }
    return slots;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
