/**
 * LLM judges over any OpenAI-compatible chat endpoint: {@link ai.tao.rewards.judge.JudgeScorer},
 * the {@code llm-judge} scorer.
 *
 * <p>The pieces, one per file: the modes as strategies ({@code PointwiseJudging}, {@code
 * PairwiseJudging}, {@code GroupJudging}) that plan calls and combine replies; {@link
 * ai.tao.rewards.judge.JudgeTemplate} (the messages and their placeholders); {@code ReplyParsers}
 * (reading verdicts); {@code JudgeCalls} (cache, budget, concurrency and retries around each call);
 * {@code OpenAiChatClient} (one HTTP attempt); {@code JudgeCache} (replies on disk); {@code
 * JudgeBudget}; {@link ai.tao.rewards.judge.RetryPolicy}; {@code JudgeCounters}.
 *
 * @since 0.3
 */
package ai.tao.rewards.judge;
