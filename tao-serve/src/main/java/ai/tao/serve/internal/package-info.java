/**
 * The gateway's moving parts: request parsing and validation, the batcher that feeds the policy,
 * OpenAI-style responses and server-sent events, metrics. Not API: use {@link ai.tao.serve.Gateway}.
 */
package ai.tao.serve.internal;
