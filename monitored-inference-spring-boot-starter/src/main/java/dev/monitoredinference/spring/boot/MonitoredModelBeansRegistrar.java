package dev.monitoredinference.spring.boot;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.spring.boot.properties.EmbedderProperties;
import dev.monitoredinference.spring.boot.properties.ModelProperties;
import dev.monitoredinference.spring.boot.properties.MonitoredInferenceProperties;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link MonitoredModel} bean per configured model and one {@link TextEmbedder} bean
 * per configured embedder, named after it, so that {@code @Qualifier("ranker") MonitoredModel
 * ranker} works. The number of beans comes from the properties, which is why this is a registrar
 * and not {@code @Bean} methods. A bean the application already defines under a model's or an
 * embedder's name wins: that one is not built.
 */
class MonitoredModelBeansRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {
  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    if (!(registry instanceof BeanFactory)) {
      return; // never the case in an application context
    }
    BeanFactory beanFactory = (BeanFactory) registry;
    Map<String, ModelProperties> models = Binder.get(environment)
        .bind(MonitoredInferenceProperties.PREFIX + ".models",
            Bindable.mapOf(String.class, ModelProperties.class))
        .orElse(Map.of());
    for (String name : models.keySet()) {
      if (registry.containsBeanDefinition(name)) {
        continue;
      }
      RootBeanDefinition model = new RootBeanDefinition(MonitoredModel.class,
          () -> beanFactory.getBean(MonitoredModelFactory.class).build(name));
      // The drain lifecycle shuts it down gracefully first; close() is then a no-op, and the
      // safety net when the context fails before its lifecycle started.
      model.setDestroyMethodName("close");
      registry.registerBeanDefinition(name, model);
    }
    registerEmbedders(registry, beanFactory);
  }

  private void registerEmbedders(BeanDefinitionRegistry registry, BeanFactory beanFactory) {
    Map<String, EmbedderProperties> embedders = Binder.get(environment)
        .bind(MonitoredInferenceProperties.PREFIX + ".embedders",
            Bindable.mapOf(String.class, EmbedderProperties.class))
        .orElse(Map.of());
    embedders.forEach((name, properties) -> {
      if (registry.containsBeanDefinition(name)) {
        return;
      }
      RootBeanDefinition embedder = new RootBeanDefinition(TextEmbedder.class,
          () -> beanFactory.getBean(TextEmbedderFactory.class).build(name));
      String model = properties.getModel();
      if (model != null && registry.containsBeanDefinition(model)) {
        // Closed before the encoder it shares, and the encoder exists before it.
        embedder.setDependsOn(model);
      }
      embedder.setDestroyMethodName("close");
      registry.registerBeanDefinition(name, embedder);
    });
  }
}
