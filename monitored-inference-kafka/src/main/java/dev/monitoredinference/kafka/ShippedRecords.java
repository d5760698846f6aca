package dev.monitoredinference.kafka;

import dev.monitoredinference.metrics.InferenceMeter;

/** The one meter the shippers register (its row is in the telemetry reference). */
final class ShippedRecords {
  static final String NAME = InferenceMeter.SHIPPED_RECORDS.meterName();
  static final String DESCRIPTION = InferenceMeter.SHIPPED_RECORDS.description();

  private ShippedRecords() {}
}
