package ai.tao.api;

import java.nio.file.Path;

/**
 * State that can be written to a folder and read back so that a run continues, after a crash or a
 * stop, exactly as if it had never been interrupted: the same later steps, bit for bit.
 *
 * <p>A capability, asked for through {@link Policy#resumable()} and {@link Trainer#resumable()}
 * rather than by casting: the loop writes the policy's state (its weights) and the trainer's state
 * (optimizer moments, step counters) every few steps when a run asks for resume states, and reads
 * them back when it is pointed at the folder of an interrupted run.
 *
 * <p>Contract: after {@code restoreState(d)} on an object built with the same settings, every later
 * call behaves as it would have on the object that wrote {@code d} with {@code saveState(d)}. A
 * value that does not survive a new process (a random generator's position, a counter) belongs in
 * the state; values fixed at construction (settings, a frozen reference model) need not be saved
 * but should be checked on restore, so that a mismatch is refused rather than silently resumed.
 *
 * @since 0.4
 */
public interface Resumable {

  /**
   * Writes the state into {@code dir}, which exists and is empty. Need not sync to disk: the caller
   * syncs the whole folder and moves it into place atomically.
   *
   * @throws OutputException if the state cannot be written
   */
  void saveState(Path dir);

  /**
   * Replaces the current state with the one {@link #saveState} wrote into {@code dir}.
   *
   * @throws ConfigurationException if the state was written by an object of other settings or
   *     shape, naming what differs
   * @throws OutputException if the folder cannot be read
   */
  void restoreState(Path dir);
}
