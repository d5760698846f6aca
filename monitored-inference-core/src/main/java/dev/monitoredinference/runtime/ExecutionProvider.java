package dev.monitoredinference.runtime;

/** The ONNX Runtime execution provider a model version actually runs on. */
public enum ExecutionProvider {
  CPU("cpu"),
  CUDA("cuda");

  private final String tagValue;

  ExecutionProvider(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The value of the {@code execution.provider} metric tag and span attribute. */
  public String tagValue() {
    return tagValue;
  }
}
