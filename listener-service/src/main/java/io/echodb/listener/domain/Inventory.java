package io.echodb.listener.domain;

import java.time.Instant;
import java.util.List;

/**
 * Every table of the watched schemas of one source database, sent to mirror-service with
 * {@code PUT /api/v1/sources/{source}/inventory} (docs/contracts.md §5).
 *
 * @param source PeerDB source peer name ({@code echodb.listener.source-peer})
 * @param takenAt the listener's clock just before the catalog query (RFC 3339 UTC in JSON); an event observed
 *     later is newer than this inventory
 * @param schemas the schemas this inventory covers, sorted: the watched names given without wildcards
 *     (whether they exist or not) and the existing schemas matching a watched glob
 * @param tables every ordinary, partitioned and foreign table (partitions included) in those schemas,
 *     eligible or not, sorted by schema then name
 */
public record Inventory(String source, Instant takenAt, List<String> schemas, List<InventoryTable> tables) {

    /** Number of tables marked eligible. */
    public long eligibleCount() {
        return tables.stream().filter(InventoryTable::eligible).count();
    }
}
