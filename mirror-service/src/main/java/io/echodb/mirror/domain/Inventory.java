package io.echodb.mirror.domain;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * Every table of the watched schemas of one source, as listener-service sends it to
 * {@code PUT /api/v1/sources/{source}/inventory} (contracts.md §5).
 *
 * @param source the PeerDB source peer name; required, must equal the path's {@code {source}}
 * @param takenAt the listener's clock just before it ran the catalog query (RFC 3339 UTC); required
 * @param schemas the watched schemas the inventory covers; tables of other schemas are not judged by it
 * @param tables every table of those schemas, eligible or not; at most {@value #MAX_TABLES}
 */
public record Inventory(
        @NotBlank @Size(max = 255) String source,
        @NotNull Instant takenAt,
        @NotNull @Size(max = 1000) List<@NotNull @PgIdentifier String> schemas,
        @NotNull @Size(max = MAX_TABLES) List<@NotNull @Valid InventoryTable> tables) {

    /** Most tables one inventory may list. */
    public static final int MAX_TABLES = 100_000;

    /** Whether this inventory judges tables of {@code schema}. */
    public boolean covers(String schema) {
        return schemas.contains(schema);
    }

    /** How many tables are eligible. */
    public int eligibleCount() {
        return (int) tables.stream().filter(InventoryTable::eligible).count();
    }
}
