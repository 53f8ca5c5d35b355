/**
 * langchain4j integration: {@link ai.tao.serve.langchain4j.InferenceCaptureListener} captures an
 * app's chat calls, to any provider, into the {@link ai.tao.serve.table.InferenceTable} the gateway
 * writes; {@link ai.tao.serve.langchain4j.PolicyChatModel} answers them with a tuned local policy.
 *
 * <p>{@code dev.langchain4j:langchain4j-core} is an <em>optional</em> dependency of {@code
 * tao-serve}: an app that uses this package brings it (this module is built against 1.19.0);
 * nothing outside this package loads a langchain4j class, so the gateway and the table run
 * without it.
 *
 * @since 0.5
 */
package ai.tao.serve.langchain4j;
