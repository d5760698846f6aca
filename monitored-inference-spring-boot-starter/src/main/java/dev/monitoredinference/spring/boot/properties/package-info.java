/**
 * The starter's {@code @ConfigurationProperties}, under {@code monitored-inference}; their
 * Javadoc becomes the configuration metadata IDEs show.
 */
@NullMarked
package dev.monitoredinference.spring.boot.properties;

import org.jspecify.annotations.NullMarked;
