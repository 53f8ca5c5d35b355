package ai.tao.benchmarks.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A value a question template leaves open, written {@code {dept}} and so on in both the question
 * and the SQL, so the question states the exact literal the SQL needs: numbers as plain digits,
 * names lower-case as stored.
 */
enum SqlSlot {
  DEPT("{dept}"),
  CITY("{city}"),
  /** Salary thresholds 4000..11000 in steps of 100, inside the 3000..12000 salary range. */
  SALARY("{salary}"),
  /** Age thresholds 25..60, inside the 22..65 age range. */
  AGE("{age}"),
  /** Hiring-year thresholds 2005..2022, inside the 2000..2024 range. */
  YEAR("{year}"),
  /** Budget thresholds 50000..400000 in steps of 10000, inside the 20000..500000 range. */
  BUDGET("{budget}");

  private final String placeholder;

  SqlSlot(String placeholder) {
    this.placeholder = placeholder;
  }

  String placeholder() {
    return placeholder;
  }

  List<String> values(CompanyDatabase schema) {
    return switch (this) {
      case DEPT -> schema.deptNames();
      case CITY -> schema.cities();
      case SALARY -> range(4000, 11000, 100);
      case AGE -> range(25, 60, 1);
      case YEAR -> range(2005, 2022, 1);
      case BUDGET -> range(50000, 400000, 10000);
    };
  }

  private static List<String> range(int from, int to, int step) {
    List<String> values = new ArrayList<>();
    for (int v = from; v <= to; v += step) {
      values.add(Integer.toString(v));
    }
    return values;
  }
}
