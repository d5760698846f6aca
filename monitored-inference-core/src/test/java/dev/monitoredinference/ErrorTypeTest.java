package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The one predicate the circuit breaker and the rollback guard share. */
class ErrorTypeTest {
  @Test
  void isModelFault_holdsForRuntimeErrorsAndInvalidOutputsOnly() {
    assertThat(Arrays.stream(ErrorType.values()).filter(ErrorType::isModelFault))
        .containsExactly(ErrorType.INVALID_OUTPUT, ErrorType.RUNTIME_ERROR);
  }
}
