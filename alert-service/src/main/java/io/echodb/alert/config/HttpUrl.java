package io.echodb.alert.config;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.net.URI;
import java.util.Locale;

/** The URL is absolute, {@code http} or {@code https}, with a host. The message never shows the URL (a secret). */
@Documented
@Constraint(validatedBy = HttpUrl.Validator.class)
@Target({METHOD, TYPE_USE})
@Retention(RUNTIME)
public @interface HttpUrl {

    String message() default "must be an absolute http(s) URL";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link HttpUrl}; {@code null} is valid. */
    class Validator implements ConstraintValidator<HttpUrl, URI> {

        @Override
        public boolean isValid(URI url, ConstraintValidatorContext context) {
            if (url == null) {
                return true;
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            return url.isAbsolute() && url.getHost() != null && (scheme.equals("http") || scheme.equals("https"));
        }
    }
}
