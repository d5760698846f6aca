package dev.monitoredinference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.embedding.TextEmbedderBuilder;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependency rules the build keeps: checked on the compiled main classes. */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.monitoredinference");

  @Test
  void onlyTheOnnxAdapter_touchesOnnxRuntime() {
    noClasses().that().resideOutsideOfPackage("dev.monitoredinference.onnx..")
        .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..")
        .check(MAIN);
  }

  @Test
  void micrometer_staysInTheMetricsPackageAndTheBuilders() {
    noClasses().that().resideOutsideOfPackage("dev.monitoredinference.metrics..")
        .and().doNotHaveFullyQualifiedName(MonitoredModelBuilder.class.getName())
        .and().doNotHaveFullyQualifiedName(TextEmbedderBuilder.class.getName())
        // Binds Micrometer's own Caffeine meters to the cache it owns.
        .and().doNotHaveFullyQualifiedName(EmbeddingCache.class.getName())
        .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
        .check(MAIN);
  }

  @Test
  void onlyTheHuggingFaceAdapter_touchesDjl() {
    noClasses().that().doNotHaveSimpleName("HuggingFaceTokenizer")
        .should().dependOnClassesThat().resideInAPackage("ai.djl..")
        .check(MAIN);
  }

  /** Feature packages may use the root API and internals, never each other in a circle. */
  @Test
  void packagesBelowTheRoot_areFreeOfCycles() {
    slices().matching("dev.monitoredinference.(**)").should().beFreeOfCycles().check(MAIN);
  }
}
