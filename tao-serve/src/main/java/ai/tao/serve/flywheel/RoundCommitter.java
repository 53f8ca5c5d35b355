package ai.tao.serve.flywheel;

import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import java.util.function.IntConsumer;

/**
 * Commits a round's dataset when the loop has trained it to the end: its last planned step
 * completed, or the collapse guard ended it. A round that a stop signal or a time limit cut short
 * also reports {@link TaoEvent.RoundCompleted}, but a resumed run continues it with the same
 * prompts, so it must stay pending.
 */
final class RoundCommitter implements TaoListener {
  private final IntConsumer commit;
  /** The last round seen to its end; -1 before any. */
  private int finished = -1;

  /** @param commit commits the dataset served for the round given, if that one is pending */
  RoundCommitter(IntConsumer commit) {
    this.commit = commit;
  }

  @Override
  public synchronized void onEvent(TaoEvent event) {
    if (event instanceof TaoEvent.StepCompleted s && s.step() + 1 == s.totalSteps()) {
      finished = s.round();
    } else if (event instanceof TaoEvent.CollapseDetected c) {
      finished = c.stop().round();
    } else if (event instanceof TaoEvent.RoundCompleted r && r.round() == finished) {
      commit.accept(r.round());
    }
  }
}
