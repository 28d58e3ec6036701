package io.echodb.common.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Registers {@value ProblemExceptionMapper#INVALID_REQUESTS} of every problem at 0 when the service starts, so that
 * the first bad request after a start counts in Prometheus' {@code increase()}.
 * Runs after the other startup observers, so that invalid settings fail the start with their own message.
 */
@ApplicationScoped
class ProblemMeters {

    void register(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event, MeterRegistry meters) {
        ProblemExceptionMapper.PROBLEMS.forEach(problem -> ProblemExceptionMapper.invalidRequests(meters, problem));
    }
}
