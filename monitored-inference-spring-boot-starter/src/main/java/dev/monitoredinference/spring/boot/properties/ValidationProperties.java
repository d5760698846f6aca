package dev.monitoredinference.spring.boot.properties;

/** {@code monitored-inference.models.<name>.validation.*}. */
public class ValidationProperties {
  /**
   * Whether to check values (NaN/Inf inputs, the output guard) beyond the signature; off keeps
   * only the signature check, which is never off.
   */
  private boolean enabled = true;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
