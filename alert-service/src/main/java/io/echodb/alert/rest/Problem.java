package io.echodb.alert.rest;

import java.util.List;

/**
 * Error body of every alert-service API answer ≥ 400, RFC 7807 style, media type {@code application/problem+json}
 * (the same shape as mirror-service's): {@code {"title":"…","status":400,"detail":"…","violations":[…]}}.
 *
 * @param title short, fixed summary of the problem type
 * @param status HTTP status
 * @param detail what was wrong with this request
 * @param violations one entry per offending field; empty when the problem is not about fields
 */
public record Problem(String title, int status, String detail, List<Violation> violations) {

    /** Media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One offending field.
     *
     * @param field JSON path of the field, e.g. {@code endsAt}; {@code body} for the whole body
     * @param message what is wrong with it
     */
    public record Violation(String field, String message) {}
}
