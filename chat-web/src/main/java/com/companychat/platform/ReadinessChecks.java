package com.companychat.platform;

import com.companychat.events.EventBus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health ({@code /health/ready}, {@code /health/live}): ready while the database
 * answers; Redis is reported but does not make the instance unready, because local delivery and
 * REST go on without it.
 */
@ApplicationScoped
public class ReadinessChecks {

  @Inject
  Database db;

  @Inject
  EventBus events;

  @Produces
  @Readiness
  HealthCheck database() {
    return () -> {
      try (Connection c = db.dataSource().getConnection()) {
        boolean valid = c.isValid(2);
        return HealthCheckResponse.named("database").status(valid).build();
      } catch (SQLException | RuntimeException e) {
        return HealthCheckResponse.named("database").down().withData("error", e.getClass().getSimpleName()).build();
      }
    };
  }

  @Produces
  @Readiness
  HealthCheck redis() {
    return () -> HealthCheckResponse.named("events").up().withData("bus", events.state()).build();
  }

  @Produces
  @Liveness
  HealthCheck alive() {
    return () -> HealthCheckResponse.up("chat");
  }
}
