package io.echodb.common.api;

import java.util.List;

/**
 * Error body of every EchoDB API answer ≥ 400, RFC 7807 style, media type {@code application/problem+json}
 * (docs/contracts.md §2): {@code {"title":"…","status":400,"detail":"…","violations":[{"field":"…","message":"…"}]}}.
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
     * @param field JSON path of the field in the request body, e.g. {@code table}; {@code body} for the whole body
     * @param message what is wrong with it
     */
    public record Violation(String field, String message) {}
}
