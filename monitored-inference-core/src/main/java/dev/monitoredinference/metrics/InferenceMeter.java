package dev.monitoredinference.metrics;

/**
 * Every meter this library registers: the single source of names, types and descriptions. The
 * Prometheus names follow Micrometer's conversion (dots to underscores, {@code _seconds} for
 * timers, {@code _total} for counters).
 */
public enum InferenceMeter {
  /** Timer with SLO buckets; tags model, operation, error.type. */
  REQUEST_DURATION(
      "monitored.inference.request.duration",
      "Time of a call through the whole interceptor chain, rejections included"),
  /** Timer with SLO buckets; tags model, model.version, execution.provider, error.type. */
  RUN_DURATION(
      "monitored.inference.run.duration",
      "Time of the runtime call alone: input tensors, the ONNX Runtime run, output copies"),
  /** Gauge; tag model. */
  ACTIVE("monitored.inference.active", "Calls in flight through the model's chain"),
  /**
   * Gauge; tags model, model.version, model.digest, execution.provider. 1 for the version serving,
   * 0 for one loaded beside it (staged, or a canary or shadow candidate).
   */
  MODEL_INFO(
      "monitored.inference.model.info",
      "The versions a model has loaded and where they run: 1 serving, 0 staged or under trial"),
  /** Counter; tags model, from, to, reason. */
  FALLBACKS(
      "monitored.inference.fallbacks",
      "Models that asked for one execution provider and run on another"),
  /**
   * Counter; tags model, reason (an InputRule value, {@code overloaded}, {@code queue_timeout},
   * {@code deadline_exceeded} or {@code circuit_open}). One count per rule a rejected call broke.
   */
  REJECTIONS(
      "monitored.inference.rejections",
      "Calls refused before the runtime, by the rule they broke"),
  /** Counter; tags model, reason ({@code nan}, {@code length}). Counts adjusted elements. */
  INPUT_ADJUSTMENTS(
      "monitored.inference.input.adjustments",
      "Input elements validation replaced (NaN/Inf) or truncated (text) by policy"),
  /** Gauge; tag model. 0 closed, 1 half-open, 2 open; only for models with a circuit breaker. */
  CIRCUIT_STATE(
      "monitored.inference.circuit.state",
      "The state of the model's circuit breaker: 0 closed, 1 half-open, 2 open"),
  /** Counter; tags model, outcome (a LoadOutcome value). */
  MODEL_LOADS("monitored.inference.model.loads", "Model loads, by outcome"),
  /** Distribution summary; tag model. Tokens per embedding call that ran the encoder. */
  INPUT_TOKENS("monitored.inference.input.tokens", "Tokens the encoder ran per embedding call"),
  /** Distribution summary; tag model. Items per micro-batched run. */
  BATCH_SIZE("monitored.inference.batch.size", "Items per batched encoder run"),
  /** Timer; tag model. From joining the batch queue to the batch starting. */
  QUEUE_DURATION(
      "monitored.inference.queue.duration", "Time an item waited in the batch queue"),
  /** Distribution summary (0 to 1); tag model. Share of token slots in a run that were padding. */
  BATCH_PADDING(
      "monitored.inference.batch.padding", "Share of a padded run's token slots that were padding"),
  /**
   * Counter; tags model, kind (an AbuseKind value: {@code suspected_extraction}, {@code probing},
   * {@code flooding}). One count per caller flagged; the caller is never a tag.
   */
  ABUSE_DETECTIONS(
      "monitored.inference.abuse.detections", "Callers flagged by abuse detection, by kind"),
  /** Gauge; tag model. Callers the abuse detector tracks now (bounded by maxCallers). */
  ABUSE_CALLERS("monitored.inference.abuse.callers", "Callers the abuse detector tracks now"),
  /** Counter; tag model. Served queries not judged because the detector's queue was full. */
  ABUSE_DROPPED(
      "monitored.inference.abuse.dropped",
      "Served queries abuse detection dropped because its queue was full"),
  /** Gauge, 1 while anomalous else 0; tags model, signal (an AnomalySignal value). */
  ANOMALY_STATE(
      "monitored.inference.anomaly.state",
      "Whether the in-process detector finds the signal anomalous (1) or normal (0)"),
  /**
   * Gauge; tags model, model.version, feature, method (a DriftMethod value). The score of the
   * latest drift window, NaN before the first.
   */
  DRIFT_SCORE(
      "monitored.inference.drift.score",
      "Drift of a feature's latest window against its baseline, by method"),
  /**
   * Gauge; tags model, model.version, feature. 1 when the latest window drifted (by the test the
   * feature's kind uses, at the configured false-alarm level), 0 when it did not, NaN before the
   * first window: the one drift signal for every kind of feature.
   */
  DRIFT_DETECTED(
      "monitored.inference.drift.detected",
      "Whether a feature's latest drift window drifted from its baseline (1) or not (0)"),
  /**
   * Counter; tags topic, outcome ({@code sent}, {@code dropped}, {@code failed}). Registered by
   * monitored-inference-kafka's shippers: records Kafka acknowledged, dropped because the buffer
   * was full, or refused.
   */
  SHIPPED_RECORDS(
      "monitored.inference.shipped.records",
      "Monitoring records shipped to Kafka, by outcome: sent, dropped (buffer full) or failed"),
  /** Gauge; tags model, model.version, feature. Values in the latest drift window. */
  DRIFT_SAMPLES(
      "monitored.inference.drift.samples", "Values of a feature in the latest drift window"),
  /** Counter; tag model. Calls not sketched because the drift queue was full. */
  DRIFT_DROPPED(
      "monitored.inference.drift.dropped",
      "Calls whose values drift dropped because its queue was full"),
  /** Counter; tag model. Sampled calls not sketched because the machine was CPU-saturated. */
  DRIFT_SHED(
      "monitored.inference.drift.shed",
      "Sampled calls drift shed to keep its thread within its CPU budget on a saturated machine"),
  /**
   * Distribution summary; tags model, model.version (the baseline), candidate.version, method
   * ({@code mean_abs_diff}, {@code rank_agreement}, {@code cosine}). One value per compared call.
   */
  SHADOW_DIVERGENCE(
      "monitored.inference.shadow.divergence",
      "How far the candidate's answers are from the baseline's, per compared call and method"),
  /**
   * Counter; tags model, model.version, candidate.version, outcome ({@code success}, {@code
   * candidate_error}, {@code baseline_error}).
   */
  SHADOW_CALLS(
      "monitored.inference.shadow.calls",
      "Calls of a canary or shadow trial, by how the comparison ended"),
  /** Timer; tags model, model.version, candidate.version, role ({@code baseline}, {@code candidate}). */
  SHADOW_DURATION(
      "monitored.inference.shadow.duration",
      "Time each version took on the calls compared"),
  /** Counter; tags model, model.version, candidate.version. */
  SHADOW_DROPPED(
      "monitored.inference.shadow.dropped",
      "Comparison copies dropped because the trial's queue was full"),
  /**
   * Gauge (bytes); tags model, model.version. Resident-memory growth while the version loaded; only
   * for models built with {@code resources(...)}, removed when the version is retired.
   */
  MODEL_NATIVE_MEMORY(
      "monitored.inference.model.native.memory",
      "Resident memory the process gained while this version loaded: its native share, estimated"),
  /** Gauge (bytes), no tags; from ResourceMetrics, where the platform reports it. */
  PROCESS_MEMORY_RESIDENT(
      "monitored.inference.process.memory.resident", "Resident memory of the whole process"),
  /** Gauge (bytes), no tags; from ResourceMetrics when a resident-memory limit is configured. */
  PROCESS_MEMORY_LIMIT(
      "monitored.inference.process.memory.limit",
      "The configured resident-memory limit the headroom check judges against"),
  /** Function counter; tags model, model.version, variant. Served lists (searches). */
  OUTCOME_SEARCHES("monitored.inference.outcome.searches", "Ranked lists the application served"),
  /** Function counter; tags model, model.version, variant. CTR@k's numerator. */
  OUTCOME_ENGAGED_SEARCHES(
      "monitored.inference.outcome.engaged.searches",
      "Searches with an outcome of any kind on one of their top k items"),
  /** Function counter; tags model, model.version, variant. */
  OUTCOME_CONVERSIONS(
      "monitored.inference.outcome.conversions", "Searches with a purchase of a top k item"),
  /** Function counter; tags model, model.version, variant. The sum of purchase values. */
  OUTCOME_REVENUE("monitored.inference.outcome.revenue", "Value of the purchases of top k items"),
  /** Function counter; tags model, model.version, variant. MRR's denominator. */
  OUTCOME_SETTLED_SEARCHES(
      "monitored.inference.outcome.settled.searches",
      "Searches whose attribution window closed (or that the size cap pushed out)"),
  /** Function counter; tags model, model.version, variant. NDCG's denominator. */
  OUTCOME_SETTLED_ENGAGED_SEARCHES(
      "monitored.inference.outcome.settled.engaged.searches",
      "Settled searches that had an outcome"),
  /** Function counter; tags model, model.version, variant. MRR's numerator. */
  OUTCOME_RECIPROCAL_RANK(
      "monitored.inference.outcome.reciprocal.rank",
      "Sum of the reciprocal rank of each settled search's first item with an outcome"),
  /** Function counter; tags model, model.version, variant. NDCG@k's numerator. */
  OUTCOME_NDCG("monitored.inference.outcome.ndcg", "Sum of the NDCG@k of settled engaged searches"),
  /** Function counter; tags model, model.version, variant. */
  OUTCOME_CALIBRATED_SEARCHES(
      "monitored.inference.outcome.calibrated.searches",
      "Searches served with the model's click probabilities"),
  /** Function counter; tags model, model.version, variant. */
  OUTCOME_EXPECTED_CLICKS(
      "monitored.inference.outcome.expected.clicks",
      "Sum of the top k click probabilities of calibrated searches"),
  /** Function counter; tags model, model.version, variant. */
  OUTCOME_OBSERVED_CLICKS(
      "monitored.inference.outcome.observed.clicks",
      "Items of calibrated searches that had an outcome"),
  /** Function counter; tags model, reason (an OutcomeDrop value). */
  OUTCOME_DROPPED(
      "monitored.inference.outcome.dropped",
      "Served lists and outcomes the tracker counted and dropped, by reason"),
  /** Gauge; tag model. */
  OUTCOME_SERVED_LISTS(
      "monitored.inference.outcome.served.lists",
      "Served lists held for their attribution window"),
  /** Gauge (0 to 1); tags gpu, gpu.name. Only for devices whose driver reports it. */
  GPU_UTILIZATION("monitored.inference.gpu.utilization", "Share of time the GPU was busy"),
  /** Gauge (bytes); tags gpu, gpu.name. */
  GPU_MEMORY_USED("monitored.inference.gpu.memory.used", "GPU memory in use, all processes"),
  /** Gauge (bytes); tags gpu, gpu.name. */
  GPU_MEMORY_TOTAL("monitored.inference.gpu.memory.total", "GPU memory installed"),
  /** Gauge (watts); tags gpu, gpu.name. */
  GPU_POWER("monitored.inference.gpu.power", "Power the GPU draws");

  private final String meterName;
  private final String description;

  InferenceMeter(String meterName, String description) {
    this.meterName = meterName;
    this.description = description;
  }

  /** The Micrometer name, e.g. {@code monitored.inference.request.duration}. */
  public String meterName() {
    return meterName;
  }

  public String description() {
    return description;
  }
}
