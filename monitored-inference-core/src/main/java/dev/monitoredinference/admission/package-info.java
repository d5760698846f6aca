/** Admission control: {@link dev.monitoredinference.admission.AdmissionConfig}. */
@NullMarked
package dev.monitoredinference.admission;

import org.jspecify.annotations.NullMarked;
