package dev.monitoredinference.circuit;

/**
 * The states of a circuit breaker. The numbers are the values of the {@code
 * monitored.inference.circuit.state} gauge.
 */
public enum CircuitState {
  /** Calls pass; outcomes fill the sliding window. */
  CLOSED(0),
  /** A fixed number of probe calls pass to test whether the model has recovered. */
  HALF_OPEN(1),
  /** Calls are refused at once until the wait in the open state has passed. */
  OPEN(2);

  private final int gaugeValue;

  CircuitState(int gaugeValue) {
    this.gaugeValue = gaugeValue;
  }

  /** The gauge value: 0 closed, 1 half-open, 2 open. */
  public int gaugeValue() {
    return gaugeValue;
  }
}
