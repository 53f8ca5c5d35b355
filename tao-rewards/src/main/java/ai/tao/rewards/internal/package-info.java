/**
 * Helpers the scorers of this module share (number parsing, text extraction, plurality votes, the
 * memory of recent majority answers behind the question-independence rules). Not API: they may
 * change without notice; depend on {@link ai.tao.rewards} and {@link ai.tao.rewards.sql} instead.
 */
package ai.tao.rewards.internal;
