package io.echodb.alert.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns bad input into 400 {@link Problem} bodies naming the offending fields (Bean Validation violations, JSON of
 * the wrong shape, malformed JSON), and the framework's other HTTP errors into {@link Problem} bodies with their
 * own status. Request values are never echoed.
 */
public class ProblemExceptionMapper {

    /** Violations of the constraints on request bodies and parameters. */
    @ServerExceptionMapper
    public RestResponse<Problem> invalid(ConstraintViolationException exception) {
        List<Problem.Violation> violations = exception.getConstraintViolations().stream()
                .map(violation -> new Problem.Violation(fieldOf(violation.getPropertyPath()), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList();
        return problem(400, "Bad Request", "the request has invalid fields", violations);
    }

    /** JSON that parses but does not fit: wrong types, an array for an object, an unreadable timestamp. */
    @ServerExceptionMapper
    public RestResponse<Problem> mismatched(MismatchedInputException exception) {
        String field = exception.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
        return problem(400, "Bad Request", "the request body does not match the expected JSON shape",
                List.of(new Problem.Violation(field.isEmpty() ? "body" : field, "has the wrong JSON type or format")));
    }

    /** Malformed JSON (wrapped by Quarkus REST) and the framework's other HTTP errors. */
    @ServerExceptionMapper
    public RestResponse<Problem> http(WebApplicationException exception) {
        if (exception.getCause() instanceof MismatchedInputException mismatched) {
            return mismatched(mismatched);
        }
        if (exception.getCause() instanceof JsonProcessingException json) {
            return problem(400, "Bad Request", "the request body is not valid JSON: " + json.getOriginalMessage(),
                    List.of());
        }
        Response.StatusType status = exception.getResponse().getStatusInfo();
        return problem(status.getStatusCode(), status.getReasonPhrase(), exception.getMessage(), List.of());
    }

    /** The path below the method parameter, e.g. {@code matchers[0].name} for {@code create.request.matchers[0].name}. */
    private static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.isInIterable() && !field.isEmpty()) {
                field.append('[').append(node.getIndex() == null ? node.getKey() : node.getIndex()).append(']');
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    static RestResponse<Problem> problem(int status, String title, String detail, List<Problem.Violation> violations) {
        return RestResponse.ResponseBuilder.<Problem>create(status)
                .entity(new Problem(title, status, detail, violations))
                .type(Problem.MEDIA_TYPE)
                .build();
    }
}
