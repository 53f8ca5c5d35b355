package ai.tao.rewards.sql;

import ai.tao.api.ConfigurationException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.h2.tools.RunScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory H2 database built from a script, whose connections can only read.
 *
 * <p>The script (schema and data, trusted: it comes from the configuration, not from a model) runs
 * as the administrator. Then a user is created that is granted {@code SELECT} on every schema and
 * nothing else, and {@link #connect()} hands out that user's connections. H2 refuses such a user
 * any write, DDL, {@code CREATE ALIAS}, and the file and link functions ({@code FILE_READ},
 * {@code FILE_WRITE}, {@code CSVREAD}, {@code CSVWRITE}, {@code LINK_SCHEMA}), so candidate SQL is
 * contained even if it got past {@link SqlGuard}. Connections also carry H2's session query
 * timeout (default 30 s, a backstop; see {@link SqlSandbox}) and refuse to create a database if this one is gone ({@code IFEXISTS}).
 *
 * <p>The database lives until {@link #close()}; each instance has its own, so scorers never share
 * state by accident.
 *
 * @since 0.1
 */
public final class H2Database implements SqlDatabase {

  private static final Logger log = LoggerFactory.getLogger(H2Database.class);
  private static final String READER = "TAO_READER";

  /** Session query timeout of every connection handed out, in ms: a backstop for direct users. */
  private static final int DEFAULT_QUERY_TIMEOUT_MS = 30_000;

  private final String name;
  private final String readerUrl;
  private final String readerPassword;
  private final Connection admin;

  private H2Database(String name, Connection admin, String readerPassword) {
    this.name = name;
    this.admin = admin;
    this.readerPassword = readerPassword;
    this.readerUrl = "jdbc:h2:mem:" + name + ";IFEXISTS=TRUE;QUERY_TIMEOUT=" + DEFAULT_QUERY_TIMEOUT_MS;
  }

  /**
   * Creates a new in-memory database and runs {@code script} in it.
   *
   * @throws ConfigurationException naming the failing statement if the script fails, or if H2 is not on
   *     the classpath
   */
  public static H2Database fromScript(String script) {
    Objects.requireNonNull(script, "script");
    try {
      Class.forName("org.h2.Driver", false, H2Database.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ConfigurationException("an in-memory H2 database was asked for, but H2 is not on the classpath:"
          + " add com.h2database:h2, an optional dependency of tao-rewards, or give the SQL scorers your own"
          + " SqlDatabase", e);
    }
    String name = "tao-" + UUID.randomUUID();
    String password = UUID.randomUUID().toString();
    Connection admin = null;
    try {
      admin = DriverManager.getConnection("jdbc:h2:mem:" + name, "sa", "");
      RunScript.execute(admin, new StringReader(script));
      createReader(admin, password);
      log.debug("created H2 database {} for SQL scorers", name);
      return new H2Database(name, admin, password);
    } catch (SQLException e) {
      closeQuietly(admin);
      throw new ConfigurationException(
          "the SQL scorers' database script failed: " + SqlSandbox.firstLine(e.getMessage())
              + "; check the schema/data script", e);
    }
  }

  private static void createReader(Connection admin, String password) throws SQLException {
    List<String> schemas = new ArrayList<>();
    try (Statement st = admin.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA"
                + " WHERE SCHEMA_NAME <> 'INFORMATION_SCHEMA'")) {
      while (rs.next()) {
        schemas.add(rs.getString(1));
      }
    }
    try (Statement st = admin.createStatement()) {
      st.execute("CREATE USER " + READER + " PASSWORD '" + password + "'");
      for (String schema : schemas) {
        st.execute("GRANT SELECT ON SCHEMA " + quote(schema) + " TO " + READER);
      }
    }
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** A connection of the read-only user. */
  @Override
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(readerUrl, READER, readerPassword);
  }

  /** Drops the database. Connections still open keep working until they are closed. */
  @Override
  public void close() {
    closeQuietly(admin);
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("closing an H2 connection failed", e);
    }
  }


  @Override
  public String toString() {
    return "H2Database[" + name + "]";
  }
}
