package dev.monitoredinference.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start compiles and runs as printed: a newcomer copies it whole. */
class ReadmeQuickStartTest {
  private static final Pattern QUICK_START =
      Pattern.compile("## Quick start\\n.*?```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void readmeQuickStart_compilesAndRunsAsPrinted(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher block = QUICK_START.matcher(readme);
    assertThat(block.find()).as("a java block under '## Quick start'").isTrue();
    Path source = Files.writeString(dir.resolve("QuickStart.java"), block.group(1));
    String classPath = System.getProperty("java.class.path");

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int compiled = javac.run(null, null, diagnostics, "-cp", classPath, "-d", dir.toString(), source.toString());
    assertThat(compiled).as("javac exit code; %s", diagnostics).isZero();

    Process run = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", dir + File.pathSeparator + classPath, "QuickStart")
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(run.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output).containsPattern("score 0\\.460 from ranker version 1 \\([0-9a-f]{12}, cpu\\)");
    assertThat(dir.resolve("ranker.onnx")).isNotEmptyFile();
  }
}
