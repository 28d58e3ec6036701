package io.echodb.mirror.domain;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.nio.charset.StandardCharsets;

/** Checks {@link PgIdentifier}: the UTF-8 encoding is 1 to 63 bytes long. */
public class PgIdentifierValidator implements ConstraintValidator<PgIdentifier, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= 1 && bytes <= PgIdentifier.MAX_BYTES;
    }
}
