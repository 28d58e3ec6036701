package io.echodb.testing;

import java.time.Instant;

/**
 * A fault switched on in an emulator, as listed by its Java API and {@code GET /_emulator/faults}.
 *
 * @param id identifier for removing it ({@code DELETE /_emulator/faults/{id}})
 * @param fault what it does and where
 * @param remaining how many more requests it will hit; null = unlimited
 * @param expiresAt when it switches itself off; null = when cleared
 * @param triggered how many requests it has hit so far
 * @param <F> the emulator's fault type
 */
public record ActiveFault<F>(String id, F fault, Integer remaining, Instant expiresAt, long triggered) {}
