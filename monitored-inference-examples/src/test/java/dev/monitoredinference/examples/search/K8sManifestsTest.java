package dev.monitoredinference.examples.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.spring.boot.properties.EmbedderProperties;
import dev.monitoredinference.spring.boot.properties.ModelProperties;
import dev.monitoredinference.spring.boot.properties.MonitoredInferenceProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests ({@code k8s/}) fit the application: the ConfigMap's properties all
 * bind (no unknown key), the probes and the Service reach the port the application listens on
 * and paths it really answers, and the grace period outlasts the drain.
 */
@DemoApplicationTest
class K8sManifestsTest {
  private static final Path K8S = Path.of("k8s");

  @Autowired WebServerApplicationContext context;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> manifest(String file) throws IOException {
    return (Map<String, Object>) new Yaml().load(Files.readString(K8S.resolve(file)));
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Object node, Object... path) {
    Object current = node;
    for (Object step : path) {
      current = step instanceof Integer i ? ((List<Object>) current).get(i) : ((Map<String, Object>) current).get(step);
    }
    return (T) current;
  }

  private static Map<String, Object> container() throws IOException {
    return at(manifest("deployment.yaml"), "spec", "template", "spec", "containers", 0);
  }

  private static String configMapYaml() throws IOException {
    return at(manifest("configmap.yaml"), "data", "application.yaml");
  }

  private static Binder binder(String yaml) throws IOException {
    return new Binder(ConfigurationPropertySources.from(yamlSources(yaml)));
  }

  private static List<PropertySource<?>> yamlSources(String yaml) throws IOException {
    return new YamlPropertySourceLoader().load("yaml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void configMap_bindsEveryKey_toTheStarterTheDemoOrBoot() throws Exception {
    Binder binder = binder(configMapYaml());
    BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);

    MonitoredInferenceProperties models = binder.bind(MonitoredInferenceProperties.PREFIX,
        Bindable.of(MonitoredInferenceProperties.class), strict).get();
    DemoProperties demo = binder.bind("demo", Bindable.of(DemoProperties.class), strict).get();

    assertThat(models.getModels().keySet()).containsExactlyInAnyOrder("minilm", "ranker");
    assertThat(models.getModels().get("ranker").getRepository()).isEqualTo(Path.of("/work/models"));
    assertThat(models.getModels().get("minilm").getFile()).isEqualTo(Path.of("/work/minilm.onnx"));
    assertThat(models.getEmbedders().keySet()).containsExactly("query-encoder");
    assertThat(models.getEmbedders().get("query-encoder").getModel()).isEqualTo("minilm");
    assertThat(models.getEmbedders().get("query-encoder").getTokenizer())
        .isEqualTo(Path.of("/work/minilm-tokenizer.json"));
    assertThat(demo.workDirectory()).isEqualTo(Path.of("/work"));
    Set<String> others = new TreeSet<>();
    for (PropertySource<?> source : yamlSources(configMapYaml())) {
      for (String key : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
        if (!key.startsWith("monitored-inference.") && !key.startsWith("demo.")) {
          others.add(key.replaceAll("\\[\\d+]$", ""));
        }
      }
    }
    assertThat(others).as("Boot's own keys in the ConfigMap").containsExactly("logging.structured.format.console",
        "management.endpoint.health.probes.enabled", "management.endpoint.health.show-details",
        "management.endpoints.web.exposure.include", "server.address", "server.port", "server.shutdown",
        "spring.lifecycle.timeout-per-shutdown-phase");
    assertThat(bootPropertyNames()).as("properties Boot's jars describe").containsAll(others);
  }

  @Test
  void probesAndService_reachTheApplicationsPort_onPathsItAnswers() throws Exception {
    Map<String, Object> container = container();
    Binder configMap = binder(configMapYaml());
    Binder packaged = binder(new String(readPackagedYaml(), StandardCharsets.UTF_8));
    int port = configMap.bind("server.port", Integer.class).get();

    assertThat(port).isEqualTo(packaged.bind("server.port", Integer.class).get()).isEqualTo(8080);
    assertThat(configMap.bind("management.server.port", Integer.class).isBound())
        .as("Actuator on the server's port, so that the probes see what callers see").isFalse();
    assertThat((List<Object>) at(container, "ports")).hasSize(1);
    assertThat((String) at(container, "ports", 0, "name")).isEqualTo("http");
    assertThat((Integer) at(container, "ports", 0, "containerPort")).isEqualTo(port);
    assertThat((String) at(manifest("service.yaml"), "spec", "ports", 0, "targetPort")).isEqualTo("http");
    assertThat((Map<String, Object>) at(manifest("service.yaml"), "spec", "selector"))
        .isEqualTo(at(manifest("deployment.yaml"), "spec", "template", "metadata", "labels"));
    assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
    assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat((String) at(container, probe, "httpGet", "port")).as(probe).isEqualTo("http");
      String path = at(container, probe, "httpGet", "path");
      assertThat(statusOf(path)).as(probe + " " + path + " on the running application").isEqualTo(200);
    }
  }

  @Test
  void configMap_isMountedWhereSpringReadsIt_andTheWorkDirectoryIsAVolume() throws Exception {
    Map<String, Object> container = container();
    Map<String, Object> pod = at(manifest("deployment.yaml"), "spec", "template", "spec");
    String configName = at(manifest("configmap.yaml"), "metadata", "name");

    assertThat((String) at(pod, "volumes", 0, "configMap", "name")).isEqualTo(configName);
    assertThat((String) at(container, "volumeMounts", 0, "name")).isEqualTo(at(pod, "volumes", 0, "name"));
    assertThat((String) at(container, "env", 0, "name")).isEqualTo("SPRING_CONFIG_ADDITIONAL_LOCATION");
    assertThat((String) at(container, "env", 0, "value"))
        .isEqualTo("optional:file:" + at(container, "volumeMounts", 0, "mountPath") + "/");
    assertThat((String) at(container, "volumeMounts", 1, "mountPath")).isEqualTo("/work");
    assertThat((Map<String, Object>) at(pod, "volumes", 1, "emptyDir")).isEmpty();
    assertThat((String) at(container, "resources", "limits", "memory")).isEqualTo("2Gi");
    assertThat((String) at(container, "resources", "requests", "cpu")).isEqualTo("1");
  }

  @Test
  void gracePeriod_outlastsTheWebServersAndTheModelsDrain() throws Exception {
    Binder binder = binder(configMapYaml());
    Duration webServer = binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class).get();
    MonitoredInferenceProperties starter =
        binder.bind(MonitoredInferenceProperties.PREFIX, MonitoredInferenceProperties.class).get();
    Duration models = starter.getModels().values().stream().map(ModelProperties::getShutdownTimeout)
        .max(Duration::compareTo).orElseThrow();
    Duration embedders = starter.getEmbedders().values().stream()
        .map(EmbedderProperties::getShutdownTimeout).max(Duration::compareTo).orElseThrow();
    int grace = at(manifest("deployment.yaml"), "spec", "template", "spec", "terminationGracePeriodSeconds");

    assertThat(webServer).isEqualTo(Duration.ofSeconds(20));
    assertThat(models).isEqualTo(Duration.ofSeconds(5));
    assertThat(embedders).isEqualTo(Duration.ofSeconds(5));
    // The web server stops first, then the embedders drain, then the models they call.
    assertThat(Duration.ofSeconds(grace)).isGreaterThan(webServer.plus(embedders).plus(models));
  }

  private int statusOf(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + context.getWebServer().getPort() + path);
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static byte[] readPackagedYaml() throws IOException {
    try (InputStream in = new ClassPathResource("application.yaml").getInputStream()) {
      return in.readAllBytes();
    }
  }

  /** Every property name in the configuration metadata of the jars on the class path. */
  private static Set<String> bootPropertyNames() throws IOException {
    Pattern name = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
    Set<String> names = new TreeSet<>();
    for (URL url : Collections.list(K8sManifestsTest.class.getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        Matcher matcher = name.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        while (matcher.find()) {
          names.add(matcher.group(1));
        }
      }
    }
    return names;
  }
}
