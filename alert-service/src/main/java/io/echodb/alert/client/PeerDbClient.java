package io.echodb.alert.client;

import io.echodb.alert.client.PeerDbMessages.CdcStatus;
import io.echodb.alert.client.PeerDbMessages.CloneTableSummary;
import io.echodb.alert.client.PeerDbMessages.ListMirrorLogsRequest;
import io.echodb.alert.client.PeerDbMessages.ListMirrorsItem;
import io.echodb.alert.client.PeerDbMessages.MirrorLog;
import io.echodb.alert.client.PeerDbMessages.MirrorStatusRequest;
import io.echodb.alert.client.PeerDbMessages.MirrorStatusResponse;
import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.MirrorSample;
import io.echodb.common.peerdb.FlowStatus;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * PeerDB's mirrors as alert-service watches them: the mirror list, then status and error log of the mirrors that
 * need them, at most {@code echodb.alert.peerdb.concurrency} per-mirror calls at once; a failed per-mirror call
 * only leaves its details out. Which calls and why: docs/architecture.md §PeerDB polls.
 */
@ApplicationScoped
public class PeerDbClient {

    /** States in which a mirror needs no details. */
    private static final Set<FlowStatus> QUIET_STATES =
            EnumSet.of(FlowStatus.STATUS_RUNNING, FlowStatus.STATUS_COMPLETED, FlowStatus.STATUS_TERMINATED);

    /** Log rows asked for: the filter is a substring match, so other mirrors' rows may come back too. */
    private static final int LOG_ROWS = 50;

    private final PeerDbRestClient rest;
    private final int errorLines;
    private final int concurrency;

    PeerDbClient(@RestClient PeerDbRestClient rest, AlertConfig config) {
        this.rest = rest;
        this.errorLines = config.peerdb().errorLines();
        this.concurrency = config.peerdb().concurrency();
    }

    /**
     * Every mirror in PeerDB's catalog, in list order.
     *
     * @return the mirrors; fails when the list cannot be read (after one retry)
     */
    @Retry
    public Uni<List<MirrorSample>> mirrors() {
        return rest.listMirrors()
                .map(response -> response == null || response.mirrors() == null
                        ? List.<ListMirrorsItem>of()
                        : response.mirrors().stream()
                                .filter(item -> item.name() != null)
                                .toList())
                .chain(items -> Multi.createFrom()
                        .iterable(items)
                        .onItem()
                        .transformToUni(this::sample)
                        .merge(concurrency)
                        .collect()
                        .asMap(MirrorSample::name)
                        .map(byName -> items.stream()
                                .map(item -> byName.get(item.name()))
                                .toList()));
    }

    private Uni<MirrorSample> sample(ListMirrorsItem item) {
        FlowStatus status = FlowStatus.of(item.status());
        if (QUIET_STATES.contains(status)) {
            return Uni.createFrom().item(toSample(item, Optional.empty(), List.of()));
        }
        Uni<List<MirrorSample.LogLine>> errors = status == FlowStatus.STATUS_FAILED
                ? lastErrors(item.name())
                : Uni.createFrom().item(List.of());
        return Uni.combine()
                .all()
                .unis(status(item.name()), errors)
                .asTuple()
                .map(both -> toSample(item, both.getItem1(), both.getItem2()));
    }

    private Uni<Optional<MirrorStatusResponse>> status(String mirror) {
        return rest.mirrorStatus(MirrorStatusRequest.of(mirror))
                .map(Optional::ofNullable)
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.debugf("No status for PeerDB mirror %s: %s", mirror, failure.toString());
                    return Optional.empty();
                });
    }

    private Uni<List<MirrorSample.LogLine>> lastErrors(String mirror) {
        return rest.mirrorLogs(ListMirrorLogsRequest.errors(mirror, LOG_ROWS))
                .map(response ->
                        response == null || response.errors() == null ? List.<MirrorLog>of() : response.errors())
                .map(rows -> rows.stream()
                        .filter(row -> mirror.equals(row.flowName()))
                        .limit(errorLines)
                        .map(row -> new MirrorSample.LogLine(epochMillis(row.errorTimestamp()), row.errorMessage()))
                        .toList())
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf("Cannot read the error log of PeerDB mirror %s: %s", mirror, failure.toString());
                    return List.of();
                });
    }

    private static MirrorSample toSample(
            ListMirrorsItem item, Optional<MirrorStatusResponse> status, List<MirrorSample.LogLine> errors) {
        Optional<CdcStatus> cdc = status.map(MirrorStatusResponse::cdcStatus);
        String slot = cdc.map(CdcStatus::config)
                .map(PeerDbMessages.FlowConfig::replicationSlotName)
                .filter(name -> !name.isBlank())
                .orElse(item.isCdc() ? "peerflow_slot_" + item.name() : null);
        String progress = cdc.map(CdcStatus::snapshotStatus)
                .map(PeerDbMessages.SnapshotStatus::clones)
                .filter(clones -> !clones.isEmpty() && FlowStatus.of(item.status()) == FlowStatus.STATUS_SNAPSHOT)
                .map(PeerDbClient::progress)
                .orElse(null);
        return new MirrorSample(
                item.name(),
                item.sourceName(),
                item.destinationName(),
                item.status(),
                item.isCdc(),
                epochMillis(item.createdAt()),
                slot,
                progress,
                errors);
    }

    private static String progress(List<CloneTableSummary> clones) {
        int done = clones.stream()
                .mapToInt(CloneTableSummary::numPartitionsCompleted)
                .sum();
        int total =
                clones.stream().mapToInt(CloneTableSummary::numPartitionsTotal).sum();
        return clones.size() + (clones.size() == 1 ? " table, " : " tables, ") + done + "/" + total + " partitions";
    }

    private static Instant epochMillis(double millis) {
        return millis <= 0 ? null : Instant.ofEpochMilli((long) millis);
    }
}
