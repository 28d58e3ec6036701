package io.echodb.mirror.domain;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A PostgreSQL identifier as stored in the catalog: 1 to 63 bytes of UTF-8 ({@code NAMEDATALEN - 1}).
 * {@code null} is valid; combine with {@code @NotNull} when the value is required.
 */
@Documented
@Constraint(validatedBy = PgIdentifierValidator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface PgIdentifier {

    /** Longest identifier PostgreSQL keeps, in bytes. */
    int MAX_BYTES = 63;

    String message() default "must be 1 to 63 bytes of UTF-8 (a PostgreSQL identifier)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
