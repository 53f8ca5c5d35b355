package ai.tao.api;

import ai.tao.api.spi.ScorerOptions;

/** Runs the scorer contract against the test-only {@code alpha} scorer, so the contract itself runs. */
class ScorerContractTest extends ScorerContract {

  @Override
  protected Scorer scorer() {
    return new TestScorerFactories.Alpha().create(ScorerOptions.of("scale", "0.5"));
  }
}
