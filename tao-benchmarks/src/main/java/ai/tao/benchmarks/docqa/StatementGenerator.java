package ai.tao.benchmarks.docqa;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws plausible statements: revenue 120 to 480; cost of goods sold 40–70% of it, operating expenses
 * 10–25%, net profit 3–15% (at least 10), cash 20 to 300. All figures have two or three digits, so
 * differences and percentages stay within what a byte-level model of 0.8M parameters can learn.
 */
final class StatementGenerator {
  private static final List<String> STEMS = List.of("Nor", "Kal", "Bri", "Vel", "Tor", "Ast", "Mer", "Cal", "Dra",
      "Fen", "Gal", "Hol", "Lum", "Oro", "Pax", "Quin", "Sol", "Tam", "Ulm", "Zen");
  private static final List<String> ENDINGS = List.of("vex", "tor", "ando", "ix", "ora", "ent", "ium", "aro", "ell",
      "ode");
  private static final List<String> FORMS = List.of("Inc.", "Corp.", "Ltd.", "Group", "plc");

  private StatementGenerator() {}

  static Statement draw(Random rng) {
    String company = STEMS.get(rng.nextInt(STEMS.size())) + ENDINGS.get(rng.nextInt(ENDINGS.size())) + " "
        + FORMS.get(rng.nextInt(FORMS.size()));
    int year = 2015 + rng.nextInt(10);
    int revenue = 120 + rng.nextInt(361);
    Map<LineItem, Integer> v = new EnumMap<>(LineItem.class);
    v.put(LineItem.REVENUE, revenue);
    v.put(LineItem.COST_OF_GOODS_SOLD, share(revenue, 0.40, 0.70, rng));
    v.put(LineItem.OPERATING_EXPENSES, share(revenue, 0.10, 0.25, rng));
    v.put(LineItem.NET_PROFIT, share(revenue, 0.03, 0.15, rng));
    v.put(LineItem.CASH, 20 + rng.nextInt(281));
    return new Statement(company, year, v);
  }

  private static int share(int revenue, double lo, double hi, Random rng) {
    return Math.max(10, (int) Math.round(revenue * (lo + (hi - lo) * rng.nextDouble())));
  }
}
