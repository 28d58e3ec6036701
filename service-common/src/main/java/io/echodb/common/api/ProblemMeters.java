package io.echodb.common.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Registers {@value ProblemExceptionMapper#INVALID_REQUESTS} of every problem at 0 when the service starts, so that
 * the first bad request after a start counts in Prometheus' {@code increase()}.
 */
@ApplicationScoped
class ProblemMeters {

    void register(@Observes StartupEvent event, MeterRegistry meters) {
        ProblemExceptionMapper.PROBLEMS.forEach(problem -> ProblemExceptionMapper.invalidRequests(meters, problem));
    }
}
