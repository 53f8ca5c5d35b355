/**
 * The {@link ai.tao.api.spi.ScorerFactory} registrations of this module, one per scorer, listed in
 * {@code META-INF/services/ai.tao.api.spi.ScorerFactory}. Each factory's Javadoc lists its options
 * and their defaults; every factory rejects options it does not know, so a typo fails instead of
 * being ignored. Enum-valued options are written in kebab-case ({@code first-block}); lists are
 * comma-separated.
 *
 * @since 0.1
 */
package ai.tao.rewards.spi;
