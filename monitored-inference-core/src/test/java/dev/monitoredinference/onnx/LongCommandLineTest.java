package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real services start with long command lines (a {@code -cp} of many jars, agents, long {@code -D}
 * options). ONNX Runtime 1.29.0 kills such a JVM with SIGSEGV inside {@code
 * OrtEnvironment.getEnvironment()} once {@code /proc/self/cmdline} passes ~4 KB; Surefire's own
 * command line is short, so only a child JVM shows it. Run against 1.29.0 this test fails with exit
 * code 139.
 */
class LongCommandLineTest {
  private static final int MIN_COMMAND_LINE = 16 * 1024;

  @Test
  void buildAndPredict_inAJvmWithA16KbCommandLine_works() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dpad=" + "p".repeat(8 * 1024));
    command.add("-cp");
    command.add(paddedClassPath(8 * 1024));
    command.add(LongCommandLineChild.class.getName());
    assertThat(String.join(" ", command).length()).isGreaterThanOrEqualTo(MIN_COMMAND_LINE);

    ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true);
    child.environment().remove("ORT_DISABLE_TELEMETRY"); // the workaround would hide the crash
    Process process = child.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();

    assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output).contains("score=11.5"); // 1*3 + 2*4 + 0.5
  }

  /** The test's own class path, followed by directories that do not exist, to {@code extra} characters. */
  private static String paddedClassPath(int extra) {
    StringBuilder path = new StringBuilder(System.getProperty("java.class.path"));
    for (int i = 0; path.length() < extra + System.getProperty("java.class.path").length(); i++) {
      path.append(File.pathSeparatorChar).append("/nonexistent/lib/padding-dependency-").append(i).append(".jar");
    }
    return path.toString();
  }
}
