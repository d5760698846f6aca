package dev.monitoredinference.spring.boot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;

/**
 * Adds the models' health contributor to the {@code readiness} group, so that the Kubernetes
 * readiness probe ({@code /actuator/health/readiness}) answers 503 while a model is DOWN, and a
 * model still loading keeps the application from being ready at all (models load before the
 * context is refreshed). Liveness is left alone: restarting does not repair a model. Runs after
 * Boot's probe groups are made (same order, registered later); no readiness group, no change.
 */
public final class ModelsInReadinessGroup implements HealthEndpointGroupsPostProcessor, Ordered {
  static final String READINESS = "readiness";

  private final String contributorName;

  public ModelsInReadinessGroup(String contributorName) {
    this.contributorName = contributorName;
  }

  @Override
  public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
    HealthEndpointGroup readiness = groups.get(READINESS);
    if (readiness == null) {
      return groups;
    }
    Map<String, HealthEndpointGroup> named = new LinkedHashMap<>();
    for (String name : groups.getNames()) {
      named.put(name, groups.get(name));
    }
    named.put(READINESS, new WithModels(readiness, contributorName));
    return HealthEndpointGroups.of(groups.getPrimary(), named);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  private static final class WithModels implements HealthEndpointGroup {
    private final HealthEndpointGroup delegate;
    private final String contributorName;

    WithModels(HealthEndpointGroup delegate, String contributorName) {
      this.delegate = delegate;
      this.contributorName = contributorName;
    }

    /** Boot asks for each leaf by its path: {@code monitoredInference/ranker}. */
    @Override
    public boolean isMember(String name) {
      return name.equals(contributorName) || name.startsWith(contributorName + "/")
          || delegate.isMember(name);
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
      return delegate.showComponents(securityContext);
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
      return delegate.showDetails(securityContext);
    }

    @Override
    public StatusAggregator getStatusAggregator() {
      return delegate.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
      return delegate.getHttpCodeStatusMapper();
    }

    @Override
    public AdditionalHealthEndpointPath getAdditionalPath() {
      return delegate.getAdditionalPath();
    }
  }
}
