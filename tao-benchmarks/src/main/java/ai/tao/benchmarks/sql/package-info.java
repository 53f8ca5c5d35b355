/**
 * The text-to-SQL demo: a company database ({@link ai.tao.benchmarks.sql.CompanyDatabase}), questions
 * about it in documentation and production phrasings ({@link ai.tao.benchmarks.sql.SqlDataset}),
 * the prompt format a tiny byte-level model is trained on ({@link
 * ai.tao.benchmarks.sql.SqlPromptFormat}). Grading is by execution, in the rewards' own sandbox
 * ({@link ai.tao.rewards.sql.SqlResultGrader}), so the reward and the evaluation share one notion of
 * "same result".
 *
 * <pre>
 * doc:   "List the employees of the sales department with a salary above 7000."
 * prod:  "sales people earning over 7000"
 * SQL:   SELECT name FROM emp WHERE dept_id IN (SELECT id FROM dept WHERE name='sales') AND salary&gt;7000
 * </pre>
 *
 * <p>The base model learns from documentation pairs; TAO then tunes it on production questions
 * without their SQL; prodHeldout measures whether it now answers production users better. Gold SQL
 * is used to train the base model, for the labelled baselines, and to grade; never by TAO.
 *
 * @since 0.1
 */
package ai.tao.benchmarks.sql;
