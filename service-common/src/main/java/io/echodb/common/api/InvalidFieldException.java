package io.echodb.common.api;

/**
 * A request is valid field by field but one field contradicts the rest of the request (e.g. an inventory's
 * {@code source} differs from the path). Answered 400 with a {@link Problem} naming the field.
 */
public class InvalidFieldException extends RuntimeException {

    private final String field;
    private final String problem;

    /**
     * @param detail what is wrong with the request
     * @param field JSON path of the field
     * @param problem what is wrong with the field
     */
    public InvalidFieldException(String detail, String field, String problem) {
        super(detail);
        this.field = field;
        this.problem = problem;
    }

    /** JSON path of the field. */
    public String field() {
        return field;
    }

    /** What is wrong with the field. */
    public String problem() {
        return problem;
    }
}
