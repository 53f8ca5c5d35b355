package ai.tao.benchmarks.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One dataset shared by the test classes: generating it takes about a second. */
final class SqlFixtures {
  private SqlFixtures() {}

  private static SqlDataset dataset;

  static synchronized SqlDataset dataset() {
    if (dataset == null) {
      dataset = SqlDataset.generate(0);
    }
    return dataset;
  }

  static List<SqlTask> all(SqlDataset d) {
    List<SqlTask> all = new ArrayList<>();
    all.addAll(d.docTrain());
    all.addAll(d.docExtra());
    all.addAll(d.prodTrain());
    all.addAll(d.prodOracle());
    all.addAll(d.prodHeldout());
    return all;
  }

  private static final Pattern STRING_LITERAL = Pattern.compile("'([^']*)'");
  private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");

  /** The literals of a query: quoted strings, and numbers outside them. */
  static List<String> literals(String sql) {
    List<String> literals = new ArrayList<>();
    Matcher s = STRING_LITERAL.matcher(sql);
    while (s.find()) {
      literals.add(s.group(1));
    }
    Matcher n = NUMBER.matcher(STRING_LITERAL.matcher(sql).replaceAll("''"));
    while (n.find()) {
      literals.add(n.group());
    }
    return literals;
  }

  /** The single quoted literal of a query. */
  static String stringLiteral(String sql) {
    Matcher s = STRING_LITERAL.matcher(sql);
    if (!s.find()) {
      throw new AssertionError("no string literal in " + sql);
    }
    return s.group(1);
  }

  /** The whole-word occurrences of numbers in a question. */
  static List<String> numbers(String text) {
    List<String> out = new ArrayList<>();
    Matcher n = NUMBER.matcher(text);
    while (n.find()) {
      out.add(n.group());
    }
    return out;
  }
}
