/**
 * Models encrypted at rest: {@link dev.monitoredinference.encryption.ModelKeyProvider} supplies
 * AES keys, {@link dev.monitoredinference.encryption.ModelEncryption} writes encrypted model files,
 * {@link dev.monitoredinference.ModelSource#encrypted} reads them into memory only.
 */
@NullMarked
package dev.monitoredinference.encryption;

import org.jspecify.annotations.NullMarked;
