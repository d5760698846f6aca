package dev.monitoredinference.examples.search;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The demo application started once for every test class that carries this annotation (Spring's
 * test context cache shares it): a random port, the encoder on the CPU, traces exported to an
 * in-process {@link OtlpCollector}. Tests that want the scenario run it themselves.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = SearchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"monitored-inference.models.minilm.device=cpu-only"})
@ContextConfiguration(initializers = OtlpCollector.Initializer.class)
@interface DemoApplicationTest {}
