package dev.monitoredinference.spring.boot.properties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code monitored-inference.models.<name>.drift.*}: numeric input columns and outputs, in
 * time windows, against a captured or loaded baseline (see {@code DriftConfig}).
 */
public class DriftProperties {
  /** Whether drift is watched; needs columns of an input, or outputs. */
  private boolean enabled = false;

  /** The 2-D numeric input whose columns are watched. */
  private @Nullable String input;

  /** The names of the input's columns, in order: column i is the feature columns[i]. */
  private List<String> columns = new ArrayList<>();

  /** Numeric outputs watched, each as one feature. */
  private List<String> outputs = new ArrayList<>();

  /** The window the current distribution is sketched over. */
  private Duration window = Duration.ofMinutes(5);

  /** The rows each new model version captures as its baseline (unless baseline-file is set). */
  private long baselineSamples = 10_000;

  /** A baseline written by DriftMonitor.baselineBytes(), used for every version. */
  private @Nullable Path baselineFile;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public @Nullable String getInput() {
    return input;
  }

  public void setInput(@Nullable String input) {
    this.input = input;
  }

  public List<String> getColumns() {
    return columns;
  }

  public void setColumns(List<String> columns) {
    this.columns = columns;
  }

  public List<String> getOutputs() {
    return outputs;
  }

  public void setOutputs(List<String> outputs) {
    this.outputs = outputs;
  }

  public Duration getWindow() {
    return window;
  }

  public void setWindow(Duration window) {
    this.window = window;
  }

  public long getBaselineSamples() {
    return baselineSamples;
  }

  public void setBaselineSamples(long baselineSamples) {
    this.baselineSamples = baselineSamples;
  }

  public @Nullable Path getBaselineFile() {
    return baselineFile;
  }

  public void setBaselineFile(@Nullable Path baselineFile) {
    this.baselineFile = baselineFile;
  }
}
