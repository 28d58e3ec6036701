package io.echodb.alert.config;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.vertx.pgclient.PgConnectOptions;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The text is a URL the reactive PostgreSQL client accepts ({@code PgConnectOptions.fromUri}). The message never
 * shows the URL: it may carry a password.
 */
@Documented
@Constraint(validatedBy = PostgresUrl.Validator.class)
@Target({METHOD, TYPE_USE})
@Retention(RUNTIME)
public @interface PostgresUrl {

    String message() default "must be a PostgreSQL URL such as postgresql://host:5432/database";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link PostgresUrl}; {@code null} is valid. */
    class Validator implements ConstraintValidator<PostgresUrl, String> {

        @Override
        public boolean isValid(String url, ConstraintValidatorContext context) {
            if (url == null) {
                return true;
            }
            try {
                PgConnectOptions.fromUri(url);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }
}
