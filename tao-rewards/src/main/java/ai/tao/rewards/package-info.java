/**
 * Label-free scorers: the "score" stage of generate → score → train.
import ai.tao.rewards.sql.SqlConsensusScorer;
import ai.tao.rewards.sql.SqlExecutionScorer;
import ai.tao.rewards.sql.SqlExtractor;
import ai.tao.rewards.sql.SqlGroundingScorer;
import ai.tao.rewards.sql.SqlResultAgreementScorer;
 *
 * <p>Each scorer sees a whole {@link ai.tao.api.CandidateGroup} and returns one {@link
 * ai.tao.api.Score} per candidate without any gold answer. Build them in code through {@link
 * ai.tao.rewards.Scorers} (fluent builders), or by name through the {@link
 * ai.tao.api.ScorerRegistry}; the factories in {@link ai.tao.rewards.spi} list their options.
 *
 * <table>
 *   <caption>Scorers of this module</caption>
 *   <tr><th>SPI name</th><th>class</th><th>rewards</th></tr>
 *   <tr><td>{@code regex}</td><td>{@link ai.tao.rewards.RegexScorer}</td>
 *       <td>named patterns (an answer pattern or a format) that match</td></tr>
 *   <tr><td>{@code json-valid}</td><td>{@link ai.tao.rewards.JsonValidScorer}</td>
 *       <td>a JSON object or array, optionally with required keys</td></tr>
 *   <tr><td>{@code length}</td><td>{@link ai.tao.rewards.LengthScorer}</td>
 *       <td>length in a target range, chars or tokens</td></tr>
 *   <tr><td>{@code majority-agreement}</td><td>{@link ai.tao.rewards.MajorityAgreementScorer}</td>
 *       <td>self-consistency: the group's most common answer</td></tr>
 *   <tr><td>{@code sql-execution}</td><td>{@link ai.tao.rewards.SqlExecutionScorer}</td>
 *       <td>SQL that runs, as a single read-only query</td></tr>
 *   <tr><td>{@code sql-result-agreement}</td>
 *       <td>{@link ai.tao.rewards.SqlResultAgreementScorer}</td>
 *       <td>the group's most common non-empty query result</td></tr>
 *   <tr><td>{@code sql-grounding}</td><td>{@link ai.tao.rewards.SqlGroundingScorer}</td>
 *       <td>SQL whose literals come from the question and names from the schema</td></tr>
 *   <tr><td>{@code sql-consensus}</td><td>{@link ai.tao.rewards.SqlConsensusScorer}</td>
 *       <td>grounded, executing SQL agreeing with the grounded consensus</td></tr>
 *   <tr><td>{@code weighted}</td><td>{@link ai.tao.rewards.WeightedScorer}</td>
 *       <td>a weighted mean of other scorers</td></tr>
 *   <tr><td>{@code llm-judge}</td><td>{@link ai.tao.rewards.judge.JudgeScorer}</td>
 *       <td>an LLM judge over an OpenAI-compatible endpoint (pointwise, pairwise, group)</td></tr>
 * </table>
 *
 * <p>The SQL scorers treat candidate SQL as hostile; see {@link ai.tao.rewards.SqlExecutionScorer}
 * for the layers of defence and {@link ai.tao.rewards.SqlExtractor} for how SQL is read from a
 * completion. Every scorer's {@code toString()} states its settings, for logging at the start of a
 * run.
 *
 * @since 0.1
 */
package ai.tao.rewards;
