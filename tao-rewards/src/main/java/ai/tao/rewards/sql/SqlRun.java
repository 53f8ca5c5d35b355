package ai.tao.rewards.sql;

import ai.tao.api.DataInputException;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened when a candidate's SQL was run.
 *
 * @param status how far it got
 * @param sql the statement that was checked (empty when none was found)
 * @param result the rows, present exactly when {@code status} is {@link Status#EXECUTED}
 * @param reason why it did not execute; empty when it did
 * @since 0.1
 */
public record SqlRun(Status status, String sql, Optional<ResultSetSnapshot> result, String reason) {

  /** How far a run got. */
  public enum Status {
    /** The completion held no SQL. */
    NO_SQL,
    /** {@link SqlGuard} refused it: not a single read-only statement. */
    REJECTED,
    /** The database raised an error (syntax, unknown column, missing rights...). */
    ERROR,
    /** It ran past the time limit and was cancelled. */
    TIMEOUT,
    /** It ran; {@link #result} holds the rows. */
    EXECUTED
  }

  /**
   * @throws DataInputException if the result is present for a failed run or missing for an
   *     executed one, or a failed run has a blank reason
   */
  public SqlRun {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(reason, "reason");
    if ((status == Status.EXECUTED) != result.isPresent()) {
      throw new DataInputException("a " + status + " run " + (result.isPresent()
          ? "cannot have" : "needs") + " a result");
    }
    if (status != Status.EXECUTED && reason.isBlank()) {
      throw new DataInputException("a " + status + " run needs a reason");
    }
  }

  static SqlRun executed(String sql, ResultSetSnapshot result) {
    return new SqlRun(Status.EXECUTED, sql, Optional.of(result), "");
  }

  static SqlRun failed(Status status, String sql, String reason) {
    return new SqlRun(status, sql, Optional.empty(), reason);
  }

  /** Whether it executed. */
  public boolean executed() {
    return status == Status.EXECUTED;
  }

  /**
   * Whether it executed and returned an {@linkplain ResultSetSnapshot#informative() informative}
   * result.
   */
  public boolean informative() {
    return result.map(ResultSetSnapshot::informative).orElse(false);
  }
}
