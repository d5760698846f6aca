package dev.monitoredinference.otel;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span attribute keys, in the library's own namespace. Values are model facts only: no input,
 * query or embedding ever becomes an attribute.
 */
public final class SpanAttributes {
  public static final AttributeKey<String> MODEL_NAME =
      AttributeKey.stringKey("monitored.inference.model.name");
  public static final AttributeKey<String> MODEL_VERSION =
      AttributeKey.stringKey("monitored.inference.model.version");
  public static final AttributeKey<String> MODEL_DIGEST =
      AttributeKey.stringKey("monitored.inference.model.digest");
  public static final AttributeKey<String> EXECUTION_PROVIDER =
      AttributeKey.stringKey("monitored.inference.execution.provider");
  public static final AttributeKey<Boolean> FALLBACK =
      AttributeKey.booleanKey("monitored.inference.fallback");
  public static final AttributeKey<String> FALLBACK_REASON =
      AttributeKey.stringKey("monitored.inference.fallback.reason");
  public static final AttributeKey<Long> BATCH_SIZE =
      AttributeKey.longKey("monitored.inference.batch.size");
  /** {@code passed}, {@code adjusted} (NaN replaced, text truncated) or {@code rejected}. */
  public static final AttributeKey<String> VALIDATION_RESULT =
      AttributeKey.stringKey("monitored.inference.validation.result");
  /** On a rejected call's exception event: {@code input:rule} pairs, never values. */
  public static final AttributeKey<String> VIOLATIONS =
      AttributeKey.stringKey("monitored.inference.violations");
  /** {@code hit}, {@code miss} or {@code none}: whether an embedding call was served by the cache. */
  public static final AttributeKey<String> CACHE_RESULT =
      AttributeKey.stringKey("monitored.inference.cache.result");
  /** Tokens the encoder ran for an embedding call; absent for cache hits. */
  public static final AttributeKey<Long> INPUT_TOKENS =
      AttributeKey.longKey("monitored.inference.input.tokens");
  /** GenAI semantic convention (Development status; opt-in): {@code embeddings}. */
  public static final AttributeKey<String> GEN_AI_OPERATION_NAME =
      AttributeKey.stringKey("gen_ai.operation.name");
  /** GenAI semantic convention (opt-in): the model name. */
  public static final AttributeKey<String> GEN_AI_REQUEST_MODEL =
      AttributeKey.stringKey("gen_ai.request.model");
  /** GenAI semantic convention (opt-in): tokens the encoder ran. */
  public static final AttributeKey<Long> GEN_AI_USAGE_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  /** The semantic-convention key; same values as the {@code error.type} metric tag. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private SpanAttributes() {}
}
