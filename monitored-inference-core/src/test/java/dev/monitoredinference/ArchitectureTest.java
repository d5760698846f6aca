package dev.monitoredinference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.embedding.TextEmbedderBuilder;
import dev.monitoredinference.resources.ResourceMetrics;
import java.util.ArrayList;
import java.util.List;
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
    noClasses().that().resideOutsideOfPackages(
            "dev.monitoredinference.metrics..", "dev.monitoredinference.internal.metrics..")
        .and().doNotHaveFullyQualifiedName(MonitoredModelBuilder.class.getName())
        .and().doNotHaveFullyQualifiedName(TextEmbedderBuilder.class.getName())
        // Binds Micrometer's own Caffeine meters to the cache it owns.
        .and().doNotHaveFullyQualifiedName(EmbeddingCache.class.getName())
        // The process-wide entry point: binds Micrometer's own CPU and JVM memory binders, and
        // the resource gauges, which are process-wide and belong to no model's metrics.
        .and().doNotHaveFullyQualifiedName(ResourceMetrics.class.getName())
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

  /**
   * The fence around {@code internal}: a public member of a public type outside it never takes,
   * returns or holds an internal type, so users can neither see nor depend on one.
   */
  @Test
  void publicSignatures_exposeNoInternalType() {
    codeUnits().that(areVisibleOutsideTheirPackage())
        .should(new ArchCondition<JavaCodeUnit>("not take or return internal types") {
          @Override
          public void check(JavaCodeUnit unit, ConditionEvents events) {
            List<JavaClass> types = new ArrayList<>(unit.getRawParameterTypes());
            types.add(unit.getRawReturnType());
            types.stream().filter(ArchitectureTest::isInternal).forEach(type -> events.add(
                SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes " + type.getName())));
          }
        })
        .check(MAIN);
    fields().that(areVisibleOutsideTheirPackage())
        .should(new ArchCondition<JavaField>("not hold internal types") {
          @Override
          public void check(JavaField field, ConditionEvents events) {
            if (isInternal(field.getRawType())) {
              events.add(SimpleConditionEvent.violated(field, field.getFullName() + " exposes "
                  + field.getRawType().getName()));
            }
          }
        })
        .check(MAIN);
  }

  private static boolean isInternal(JavaClass type) {
    return type.getPackageName().startsWith("dev.monitoredinference.internal");
  }

  private static <T extends com.tngtech.archunit.core.domain.JavaMember>
      DescribedPredicate<T> areVisibleOutsideTheirPackage() {
    return DescribedPredicate.describe("visible to users outside internal", member -> {
      JavaClass owner = member.getOwner();
      return !isInternal(owner)
          && owner.getModifiers().contains(JavaModifier.PUBLIC)
          && (member.getModifiers().contains(JavaModifier.PUBLIC)
              || member.getModifiers().contains(JavaModifier.PROTECTED));
    });
  }
}
