package io.echodb.mirror.domain;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A {@link TableEvent} of type {@code CREATED} carries the listener's verdict {@code eligible}; a
 * {@code DROPPED} event may leave it and the other classification fields null (the table is gone, contracts.md
 * §2). The violation is reported on the field {@code eligible}.
 */
@Documented
@Constraint(validatedBy = VerdictRequired.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface VerdictRequired {

    String message() default "must not be null for CREATED events";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link VerdictRequired}. */
    class Validator implements ConstraintValidator<VerdictRequired, TableEvent> {

        @Override
        public boolean isValid(TableEvent event, ConstraintValidatorContext context) {
            if (event == null || event.type() != EventType.CREATED || event.eligible() != null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("eligible")
                    .addConstraintViolation();
            return false;
        }
    }
}
