package ai.tao.core;

import ai.tao.api.Prompt;
import ai.tao.api.StepMetrics;
import ai.tao.core.internal.resume.PromptDigest;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.loop.HealthySnapshots;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Where one round of a run stands: its prompts in the order it visits them, the guard's state, its steps. */
final class TuneRound {
  final int round;
  final List<Prompt> prompts;
  final PromptDigest digest;
  final int perStep;
  final int totalSteps;
  final CollapseGuard.Monitor monitor;
  final HealthySnapshots healthy;
  final List<StepMetrics> steps;
  boolean warnedTruncation;
  boolean warnedUnjudged;
  boolean tripped;
  int nextStep;

  TuneRound(int round, List<Prompt> given, long orderSeed, int promptsPerStep, int stepsPerRound,
      CollapseGuard.Monitor monitor, HealthySnapshots healthy, List<StepMetrics> steps) {
    this.round = round;
    this.digest = PromptDigest.of(round, given);
    this.prompts = new ArrayList<>(given);
    Collections.shuffle(prompts, new Random(orderSeed));
    this.perStep = Math.min(promptsPerStep, prompts.size());
    this.totalSteps = stepsPerRound > 0 ? stepsPerRound : (prompts.size() + perStep - 1) / perStep;
    this.monitor = monitor;
    this.healthy = healthy;
    this.steps = new ArrayList<>(steps);
  }
}
