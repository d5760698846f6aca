/** Admission control: {@link dev.monitoredinference.admission.AdmissionControl}. */
@NullMarked
package dev.monitoredinference.admission;

import org.jspecify.annotations.NullMarked;
