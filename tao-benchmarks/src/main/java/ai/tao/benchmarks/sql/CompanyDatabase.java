package ai.tao.benchmarks.sql;

import ai.tao.api.DataInputException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The demo's company database: departments in cities, their employees and projects, generated
 * deterministically from a seed.
 *
 * <pre>
 * dept(id, name, city)                          8 rows: sales, hr, legal, ... in 6 cities
 * emp(id, name, dept_id, salary, age, hired)    200 rows: salary 3000..12000 step 100, age 22..65,
 *                                               hired a year 2000..2024
 * project(id, name, dept_id, budget)            40 rows: budget 20000..500000 step 5000
 * </pre>
 *
 * <p>Identifiers are short and lower-case because the demo model is tiny and reads bytes: every
 * character of {@code dept_id} is a token it must get right. Department and city names are single
 * lower-case words that are not part of any other word of the questions, so a question names its
 * department by the exact literal the SQL uses. {@code hired} is a year, not a date, for the same
 * reason. Immutable.
 *
 * @since 0.1
 */
public final class CompanyDatabase {

  /** A department; {@code name} is unique. */
  public record Dept(int id, String name, String city) {}

  /** An employee; {@code hired} is the year of hiring. */
  public record Emp(int id, String name, int deptId, int salary, int age, int hired) {}

  /** A project run by one department. */
  public record Project(int id, String name, int deptId, int budget) {}

  static final List<String> DEPT_NAMES =
      List.of("sales", "hr", "legal", "finance", "ops", "support", "research", "design");
  static final List<String> CITIES = List.of("paris", "berlin", "rome", "oslo", "madrid", "vienna");
  private static final List<String> FIRST_NAMES =
      List.of(
          "Ana", "Ben", "Cara", "Dan", "Eva", "Finn", "Gia", "Hugo", "Ida", "Jon", "Kim", "Leo", "Mia",
          "Nils", "Ola", "Pia", "Rui", "Sara", "Tom", "Uma", "Vera", "Wim", "Yara", "Zoe", "Alex",
          "Bea", "Carl", "Dora", "Emil", "Flo");
  private static final List<String> LAST_NAMES =
      List.of(
          "Berg", "Costa", "Dahl", "Eriksen", "Fox", "Grant", "Holm", "Ito", "Jensen", "Klein", "Lund",
          "Moreau", "Novak", "Olsen", "Petit", "Quinn", "Rossi", "Silva", "Torres", "Vogel");
  private static final List<String> PROJECT_NAMES =
      List.of(
          "apollo", "atlas", "beacon", "comet", "delta", "echo", "falcon", "gemini", "helix", "iris",
          "juno", "kepler", "lotus", "meteor", "nova", "orion", "pulsar", "quasar", "raven", "sirius",
          "titan", "umbra", "vega", "willow", "xenon", "yukon", "zephyr", "aurora", "boreal", "cobalt",
          "dune", "ember", "fjord", "glacier", "harbor", "indigo", "jade", "kite", "lumen", "mosaic");

  /** The number of employees generated. */
  public static final int EMPLOYEES = 200;

  private static final String DDL =
      "CREATE TABLE dept (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE,"
          + " city VARCHAR(20) NOT NULL);\n"
          + "CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL,"
          + " dept_id INT NOT NULL REFERENCES dept(id), salary INT NOT NULL, age INT NOT NULL,"
          + " hired INT NOT NULL);\n"
          + "CREATE TABLE project (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE,"
          + " dept_id INT NOT NULL REFERENCES dept(id), budget INT NOT NULL);\n";

  private final long seed;
  private final List<Dept> depts;
  private final List<Emp> emps;
  private final List<Project> projects;

  private CompanyDatabase(long seed, List<Dept> depts, List<Emp> emps, List<Project> projects) {
    this.seed = seed;
    this.depts = List.copyOf(depts);
    this.emps = List.copyOf(emps);
    this.projects = List.copyOf(projects);
  }

  /** Generates the rows from {@code seed}; the same seed gives the same rows on every JVM. */
  public static CompanyDatabase generate(long seed) {
    Random rng = new Random(seed);

    // Every city gets a department; the two left over share a city with another.
    List<String> cities = new ArrayList<>(CITIES);
    Collections.shuffle(cities, rng);
    List<Dept> depts = new ArrayList<>();
    for (int i = 0; i < DEPT_NAMES.size(); i++) {
      String city = i < cities.size() ? cities.get(i) : cities.get(rng.nextInt(cities.size()));
      depts.add(new Dept(i + 1, DEPT_NAMES.get(i), city));
    }

    // Uneven department sizes, as in a real company; weights 1..4 keep every department populated.
    int[] weight = new int[depts.size()];
    int totalWeight = 0;
    for (int i = 0; i < weight.length; i++) {
      weight[i] = 1 + rng.nextInt(4);
      totalWeight += weight[i];
    }
    List<String> names = new ArrayList<>();
    for (String first : FIRST_NAMES) {
      for (String last : LAST_NAMES) {
        names.add(first + " " + last);
      }
    }
    Collections.shuffle(names, rng);
    List<Emp> emps = new ArrayList<>();
    for (int i = 0; i < EMPLOYEES; i++) {
      // The first employees go round-robin so that no department is small by bad luck.
      int dept = i < 3 * depts.size() ? i % depts.size() : pick(weight, totalWeight, rng);
      int age = 22 + rng.nextInt(44);
      int salary = 3000 + 100 * rng.nextInt(91);
      int hired = 2024 - rng.nextInt(Math.min(25, age - 21));
      emps.add(new Emp(i + 1, names.get(i), dept + 1, salary, age, hired));
    }

    List<Project> projects = new ArrayList<>();
    for (int i = 0; i < PROJECT_NAMES.size(); i++) {
      int dept = i < depts.size() ? i : rng.nextInt(depts.size());
      projects.add(new Project(i + 1, PROJECT_NAMES.get(i), dept + 1, 20000 + 5000 * rng.nextInt(97)));
    }
    return new CompanyDatabase(seed, depts, emps, projects);
  }

  private static int pick(int[] weight, int total, Random rng) {
    int r = rng.nextInt(total);
    for (int i = 0; i < weight.length; i++) {
      r -= weight[i];
      if (r < 0) {
        return i;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** The seed the rows were generated from. */
  public long seed() {
    return seed;
  }

  public List<Dept> depts() {
    return depts;
  }

  public List<Emp> emps() {
    return emps;
  }

  public List<Project> projects() {
    return projects;
  }

  /** The {@code CREATE TABLE} statements, one a line; the tables are {@code dept, emp, project}. */
  public String schemaSql() {
    return DDL;
  }

  /**
   * The whole database as one SQL script (tables, then rows as INSERT statements), for tools that
   * build their own copy, such as a scorer's embedded database. Names contain no quotes.
   */
  public String script() {
    StringBuilder sb = new StringBuilder(DDL);
    for (Dept d : depts) {
      sb.append("INSERT INTO dept VALUES (").append(d.id()).append(", '").append(d.name()).append("', '")
          .append(d.city()).append("');\n");
    }
    for (Emp e : emps) {
      sb.append("INSERT INTO emp VALUES (").append(e.id()).append(", '").append(e.name()).append("', ")
          .append(e.deptId()).append(", ").append(e.salary()).append(", ").append(e.age()).append(", ")
          .append(e.hired()).append(");\n");
    }
    for (Project pr : projects) {
      sb.append("INSERT INTO project VALUES (").append(pr.id()).append(", '").append(pr.name()).append("', ")
          .append(pr.deptId()).append(", ").append(pr.budget()).append(");\n");
    }
    return sb.toString();
  }

  /** The table names, in creation order. */
  public List<String> tables() {
    return List.of("dept", "emp", "project");
  }

  /**
   * The categorical values a question may mention: {@code "dept.name"} (the department names) and
   * {@code "dept.city"} (the cities, each once), in a fixed order.
   */
  public Map<String, List<String>> distinctValues() {
    Map<String, List<String>> values = new LinkedHashMap<>();
    values.put("dept.name", depts.stream().map(Dept::name).toList());
    values.put("dept.city", depts.stream().map(Dept::city).distinct().sorted().toList());
    return Collections.unmodifiableMap(values);
  }

  /** The department names, in id order. */
  public List<String> deptNames() {
    return distinctValues().get("dept.name");
  }

  /** The cities that have a department, sorted. */
  public List<String> cities() {
    return distinctValues().get("dept.city");
  }

  /**
   * Creates the tables and rows in the database at {@code jdbcUrl} and returns the open connection,
   * which the caller closes. An in-memory H2 database ({@code jdbc:h2:mem:NAME}) lives as long as
   * some connection to it is open.
   *
   * @throws DataInputException if the database cannot be opened or the tables already exist there
   */
  public Connection createDatabase(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Connection connection = null;
    try {
      connection = DriverManager.getConnection(jdbcUrl, "sa", "");
      load(connection);
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection, e);
      throw new DataInputException(
          "cannot create the demo database at " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  private void load(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String ddl : DDL.split(";\n")) {
        if (!ddl.isBlank()) {
          s.execute(ddl);
        }
      }
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO dept VALUES (?, ?, ?)")) {
      for (Dept d : depts) {
        p.setInt(1, d.id());
        p.setString(2, d.name());
        p.setString(3, d.city());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO emp VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Emp e : emps) {
        p.setInt(1, e.id());
        p.setString(2, e.name());
        p.setInt(3, e.deptId());
        p.setInt(4, e.salary());
        p.setInt(5, e.age());
        p.setInt(6, e.hired());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO project VALUES (?, ?, ?, ?)")) {
      for (Project pr : projects) {
        p.setInt(1, pr.id());
        p.setString(2, pr.name());
        p.setInt(3, pr.deptId());
        p.setInt(4, pr.budget());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private static void closeQuietly(Connection c, Exception cause) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
