package ai.tao.rewards.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the SQL scorers run candidate queries: a source of fresh JDBC connections.
 *
 * <p>Each query gets its own connection, which the scorer closes. The default, {@link
 * H2Database}, is an in-memory H2 database built from a script whose connections belong to a user
 * that may only read. For another database, return connections of an account that can only
 * {@code SELECT}: the scorers' own checks are a second line, not the only one.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface SqlDatabase extends AutoCloseable {

  /** A new connection; the caller closes it. */
  Connection connect() throws SQLException;

  /** Releases the database, if this object owns it. Default: nothing to release. */
  @Override
  default void close() {}

  /**
   * An in-memory H2 database built by running {@code script} (schema and data).
   *
   * @throws ai.tao.api.ConfigurationException if the script fails
   */
  static H2Database h2(String script) {
    return H2Database.fromScript(script);
  }
}
