package dev.monitoredinference.otel;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.embedding.TextEmbedderBuilder;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * OpenTelemetry tracing for {@code MonitoredModel}: a span per call, as an application
 * interceptor. Takes the application's {@link OpenTelemetry}; never configures an SDK.
 *
 * <pre>{@code
 * InferenceTelemetry telemetry = InferenceTelemetry.create(openTelemetry);
 * MonitoredModel model = telemetry.instrument(MonitoredModel.builder("ranker"))
 *     .modelFile(path)
 *     .build();
 * }</pre>
 *
 * <p>Spans are named {@code predict {model}} (or {@code embeddings {model}} on a {@code
 * TextEmbedder}), kind INTERNAL (configurable), and carry the attributes in {@link
 * SpanAttributes}. A micro-batched encoder run is one {@code batch {model}} span, a child of the
 * call that ran it, linked to the span of every call in the batch. A failed call sets status ERROR and {@code error.type} and
 * records the exception once. A call inside the caller's span becomes its child, also through
 * {@code MonitoredModel.predictAsync} when the builder was {@link #instrument instrumented}.
 * Thread-safe.
 *
 * <p>For a service without its own SDK, {@link OtlpExport} builds one that exports over OTLP.
 */
public final class InferenceTelemetry {
  /** The instrumentation scope name. */
  public static final String INSTRUMENTATION_NAME = "dev.monitoredinference";

  private final TracingInterceptor interceptor;

  private InferenceTelemetry(OpenTelemetry openTelemetry, SpanKind spanKind, boolean genAi) {
    Tracer tracer =
        openTelemetry
            .tracerBuilder(INSTRUMENTATION_NAME)
            .setInstrumentationVersion(libraryVersion())
            .build();
    this.interceptor = new TracingInterceptor(tracer, spanKind, genAi);
  }

  /** Telemetry through {@code openTelemetry}, spans of kind INTERNAL. */
  public static InferenceTelemetry create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /** A builder, for settings beyond the defaults. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Telemetry through the global instance if the application (or the Java agent) set one, else a
   * no-op; unlike {@code GlobalOpenTelemetry.get()}, this never installs a global itself.
   */
  public static InferenceTelemetry create() {
    return create(GlobalOpenTelemetry.getOrNoop());
  }

  /**
   * The tracing interceptor; add it with {@code MonitoredModelBuilder.addInterceptor} or {@code
   * TextEmbedderBuilder.addInterceptor} (calls are traced; on an embedder, batched runs are not
   * traced as batches unless it is also its {@code batchTracer}: see {@link
   * #instrument(TextEmbedderBuilder)}).
   */
  public InferenceInterceptor interceptor() {
    return interceptor;
  }

  /**
   * Adds tracing to {@code builder}: the tracing interceptor as an application interceptor (in
   * the order of the other {@code addInterceptor} calls) and its context propagator, so that
   * {@code predictAsync} keeps the caller's span as the parent.
   *
   * @return {@code builder}
   */
  public MonitoredModelBuilder instrument(MonitoredModelBuilder builder) {
    return builder.addInterceptor(interceptor).addContextPropagator(interceptor);
  }

  /**
   * Adds tracing to an embedder: the tracing interceptor as an application interceptor (in the
   * order of the other {@code addInterceptor} calls; spans {@code embeddings {name}}) and its
   * batch tracer (spans {@code batch {name}}, linked to the span of every call in the batch).
   *
   * <pre>{@code
   * TextEmbedder embedder = telemetry.instrument(TextEmbedder.builder("query-encoder"))
   *     .model(encoder).tokenizer(tokenizer).batching(BatchingConfig.maxBatch(16))
   *     .build();
   * }</pre>
   *
   * @return {@code builder}
   */
  public TextEmbedderBuilder instrument(TextEmbedderBuilder builder) {
    return builder.addInterceptor(interceptor).batchTracer(interceptor);
  }

  /** Settings for {@link InferenceTelemetry}. Not thread-safe. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private SpanKind spanKind = SpanKind.INTERNAL;
    private boolean genAi;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * The kind of the call spans; INTERNAL (in-process inference) by default. CLIENT makes some
     * backends show calls in their model-client views.
     */
    public Builder spanKind(SpanKind spanKind) {
      this.spanKind = requireNonNull(spanKind, "spanKind");
      return this;
    }

    /**
     * Adds the GenAI semantic-convention attributes to embedding spans: {@code
     * gen_ai.operation.name=embeddings}, {@code gen_ai.request.model}, {@code
     * gen_ai.usage.input_tokens}. Off by default: those conventions are still in Development
     * status and may change.
     */
    public Builder genAiAttributes(boolean enabled) {
      this.genAi = enabled;
      return this;
    }

    public InferenceTelemetry build() {
      return new InferenceTelemetry(openTelemetry, spanKind, genAi);
    }
  }

  /** This library's version, from the build. */
  static String libraryVersion() {
    Properties properties = new Properties();
    try (InputStream in = InferenceTelemetry.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }
}
