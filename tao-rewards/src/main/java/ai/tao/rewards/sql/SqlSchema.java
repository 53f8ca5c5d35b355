package ai.tao.rewards.sql;

import ai.tao.api.ConfigurationException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names a grounded query may use (schemas, tables, columns), read from JDBC {@link
 * DatabaseMetaData}, and the distinct short text values of the database. {@code
 * INFORMATION_SCHEMA} is left out: a query about the catalogue is not about the question.
 */
final class SqlSchema {

  private static final Set<Integer> TEXT_TYPES = Set.of(Types.CHAR, Types.VARCHAR,
      Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR);

  private record Column(String schema, String table, String column, int type) {}

  private final Set<String> names;
  private final List<Column> columns;

  private SqlSchema(Set<String> names, List<Column> columns) {
    this.names = Set.copyOf(names);
    this.columns = List.copyOf(columns);
  }

  static SqlSchema read(SqlDatabase database) {
    Set<String> names = new HashSet<>();
    List<Column> columns = new ArrayList<>();
    try (Connection c = database.connect()) {
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getColumns(null, null, "%", "%")) {
        while (rs.next()) {
          String schema = rs.getString("TABLE_SCHEM");
          if (schema != null && schema.equalsIgnoreCase("INFORMATION_SCHEMA")) {
            continue;
          }
          Column col = new Column(schema, rs.getString("TABLE_NAME"),
              rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
          columns.add(col);
          if (schema != null) {
            names.add(upper(schema));
          }
          names.add(upper(col.table()));
          names.add(upper(col.column()));
        }
      }
    } catch (SQLException e) {
      throw new ConfigurationException(
          "could not read the schema of the SQL database: " + SqlSandbox.firstLine(e.getMessage()), e);
    }
    if (columns.isEmpty()) {
      throw new ConfigurationException(
          "the SQL database has no tables the scorer can see: check the schema script and that"
              + " the scorer's user may read the tables");
    }
    return new SqlSchema(names, columns);
  }

  /** Column names in lower case, without {@code id} and {@code *_id} keys. */
  Set<String> columnNames() {
    Set<String> out = new TreeSet<>();
    for (Column c : columns) {
      String n = c.column().toLowerCase(Locale.ROOT);
      if (!n.equals("id") && !n.endsWith("_id")) {
        out.add(n);
      }
    }
    return out;
  }

  /** Whether {@code identifier} (any case) names a schema, table or column. */
  boolean knows(String identifier) {
    return names.contains(upper(identifier));
  }

  /**
   * The distinct non-blank values of every text column with at most {@code maxDistinct} of them:
   * department names, cities, statuses.
   */
  Set<String> distinctTextValues(SqlDatabase database, int maxDistinct) {
    Set<String> values = new LinkedHashSet<>();
    try (Connection c = database.connect(); Statement st = c.createStatement()) {
      for (Column col : columns) {
        if (!TEXT_TYPES.contains(col.type())) {
          continue;
        }
        String table = (col.schema() == null ? "" : H2Database.quote(col.schema()) + ".")
            + H2Database.quote(col.table());
        String column = H2Database.quote(col.column());
        try (ResultSet rs = st.executeQuery(
            "SELECT COUNT(DISTINCT " + column + ") FROM " + table)) {
          if (!rs.next() || rs.getLong(1) > maxDistinct) {
            continue;
          }
        }
        try (ResultSet rs = st.executeQuery(
            "SELECT DISTINCT " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL")) {
          while (rs.next()) {
            String v = rs.getString(1).strip();
            if (!v.isEmpty()) {
              values.add(v);
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new ConfigurationException(
          "could not collect known values from the SQL database: "
              + SqlSandbox.firstLine(e.getMessage()), e);
    }
    return values;
  }

  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
