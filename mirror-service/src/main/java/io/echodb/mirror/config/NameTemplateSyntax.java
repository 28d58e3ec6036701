package io.echodb.mirror.config;

import io.echodb.mirror.naming.NameTemplate;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A valid {@link NameTemplate} setting: placeholders known, braces matched, {@code {table}} as its kind needs. */
@Constraint(validatedBy = NameTemplateSyntax.Validator.class)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface NameTemplateSyntax {

    /** Which templates the setting holds. */
    Kind value();

    String message() default "is not a valid name template";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Per-table templates must contain {@code {table}}; shared-mirror templates must not. */
    enum Kind {
        PER_TABLE,
        SHARED
    }

    /** Checks with {@link NameTemplate#problem}; the violation says what is wrong and quotes the template. */
    class Validator implements ConstraintValidator<NameTemplateSyntax, String> {

        private boolean shared;

        @Override
        public void initialize(NameTemplateSyntax annotation) {
            shared = annotation.value() == Kind.SHARED;
        }

        @Override
        public boolean isValid(String template, ConstraintValidatorContext context) {
            return NameTemplate.problem(template, shared)
                    .map(why -> {
                        context.disableDefaultConstraintViolation();
                        context.buildConstraintViolationWithTemplate(escaped("'" + template + "': " + why))
                                .addConstraintViolation();
                        return false;
                    })
                    .orElse(true);
        }

        /** {@code text} as a literal message template: braces, {@code $} and backslashes escaped. */
        private static String escaped(String text) {
            return text.replaceAll("([\\\\{}$])", "\\\\$1");
        }
    }
}
