package io.echodb.mirror.service;

import io.echodb.mirror.domain.DeadLetter;
import java.util.List;

/**
 * An operation failed for good and was parked as dead letter(s) by its {@code @Fallback}; the cause is the
 * failure.
 */
public class DeadLetteredException extends RuntimeException {

    private final transient List<DeadLetter> letters;

    DeadLetteredException(List<DeadLetter> letters, Throwable cause) {
        super(
                "parked as dead letter(s) "
                        + letters.stream().map(DeadLetter::id).toList() + ": " + Failures.describe(cause),
                cause);
        this.letters = List.copyOf(letters);
    }

    /** The letters the failure became. */
    public List<DeadLetter> letters() {
        return letters;
    }
}
