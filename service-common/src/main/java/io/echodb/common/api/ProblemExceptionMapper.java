package io.echodb.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns bad input into 400 {@link Problem} bodies naming the offending fields: Bean Validation violations,
 * JSON of the wrong shape (wrong types, unknown enum values) and malformed JSON. Other HTTP errors raised by
 * the framework (404, 405, 415, ...) get a {@link Problem} body with their own status. Request values are
 * never echoed. Bad input is counted as {@value #INVALID_REQUESTS}.
 */
public class ProblemExceptionMapper {

    /** Counter of requests refused as bad input, tag {@code problem}: validation, json_shape, malformed_json. */
    public static final String INVALID_REQUESTS = "echodb.api.requests.invalid";

    /** The values of tag {@code problem} of {@value #INVALID_REQUESTS}. */
    static final List<String> PROBLEMS = List.of("validation", "json_shape", "malformed_json");

    private static final String BODY = "body";

    private final MeterRegistry meters;

    ProblemExceptionMapper(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Violations of the constraints on request bodies and parameters. */
    @ServerExceptionMapper
    public RestResponse<Problem> invalid(ConstraintViolationException exception) {
        List<Problem.Violation> violations = exception.getConstraintViolations().stream()
                .map(violation -> new Problem.Violation(fieldOf(violation.getPropertyPath()), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList();
        return badRequest("validation", "the request body has invalid fields", violations);
    }

    /** A field contradicting the rest of the request. */
    @ServerExceptionMapper
    public RestResponse<Problem> invalidField(InvalidFieldException exception) {
        return badRequest(
                "validation",
                exception.getMessage(),
                List.of(new Problem.Violation(exception.field(), exception.problem())));
    }

    /** JSON that parses but does not fit: wrong types, unknown enum values, an array for an object. */
    @ServerExceptionMapper
    public RestResponse<Problem> mismatched(MismatchedInputException exception) {
        return badRequest(
                "json_shape",
                "the request body does not match the expected JSON shape",
                List.of(new Problem.Violation(pathOf(exception), expectation(exception))));
    }

    /** Malformed JSON (wrapped by Quarkus REST) and the framework's other HTTP errors. */
    @ServerExceptionMapper
    public RestResponse<Problem> http(WebApplicationException exception) {
        if (exception.getCause() instanceof MismatchedInputException mismatched) {
            return mismatched(mismatched);
        }
        if (exception.getCause() instanceof JsonProcessingException json) {
            return badRequest(
                    "malformed_json", "the request body is not valid JSON: " + json.getOriginalMessage(), List.of());
        }
        Response.StatusType status = exception.getResponse().getStatusInfo();
        return problem(status.getStatusCode(), status.getReasonPhrase(), exception.getMessage(), List.of());
    }

    /**
     * The property path below the method parameter, e.g. {@code table} for {@code accept.event.table}, or
     * {@code tables[0].oid} for an element of a list.
     */
    private static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.isInIterable() && !field.isEmpty()) {
                field.append('[')
                        .append(node.getIndex() != null ? node.getIndex() : node.getKey())
                        .append(']');
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
        }
        return field.isEmpty() ? BODY : field.toString();
    }

    private static String pathOf(JsonMappingException exception) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? BODY : field.toString();
    }

    private static String expectation(MismatchedInputException exception) {
        Class<?> target = exception.getTargetType();
        if (target == null) {
            return "has the wrong JSON type";
        }
        if (target.isEnum()) {
            return "must be one of " + Arrays.toString(target.getEnumConstants());
        }
        if (exception instanceof InvalidFormatException && Temporal.class.isAssignableFrom(target)) {
            return "must be an RFC 3339 timestamp, e.g. 2026-11-21T10:15:30.123Z";
        }
        return switch (target.getSimpleName()) {
            case "Long", "long", "Integer", "int" -> "must be an integer";
            case "Boolean", "boolean" -> "must be true or false";
            case "String" -> "must be a string";
            default -> "must be a JSON " + (target.isRecord() ? "object" : "value of type " + target.getSimpleName());
        };
    }

    /** A 400 problem, counted and logged with the field names only (never the values). */
    private RestResponse<Problem> badRequest(String kind, String detail, List<Problem.Violation> violations) {
        invalidRequests(meters, kind).increment();
        Log.debugf("Refused a request as %s: %s %s", kind, detail, violations);
        return problem(400, "Bad Request", detail, violations);
    }

    private static RestResponse<Problem> problem(
            int status, String title, String detail, List<Problem.Violation> violations) {
        return RestResponse.ResponseBuilder.<Problem>create(status)
                .entity(new Problem(title, status, detail, violations))
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    /** {@value #INVALID_REQUESTS} of {@code problem}, one of {@link #PROBLEMS}. */
    static Counter invalidRequests(MeterRegistry meters, String problem) {
        return Counter.builder(INVALID_REQUESTS)
                .description("API requests refused as bad input, by problem (validation, json_shape,"
                        + " malformed_json); count")
                .tag("problem", problem)
                .register(meters);
    }
}
