package io.echodb.testing.peerdb;

import io.echodb.testing.peerdb.PeerDbEmulator.Peer;
import io.echodb.testing.peerdb.PeerDbProtos.ColumnSetting;
import io.echodb.testing.peerdb.PeerDbProtos.FlowConnectionConfigs;
import io.echodb.testing.peerdb.PeerDbProtos.TableMapping;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PeerDB's CDC mirror validation ({@code validateCDCMirrorImpl} in flow/cmd/validate_mirror.go with the
 * Postgres checks of flow/connectors/postgres/validate.go; peerdb-api.md §3.3, §7), run against the real
 * source database. Failures are thrown as the typed {@link ApiError}s {@code /v1/mirrors/cdc/validate}
 * returns. Destination-side checks (ClickHouse tables, column types, sort keys) are not emulated.
 */
final class MirrorValidator {

    /** {@code CustomColumnTypeRegex}. */
    private static final Pattern CUSTOM_COLUMN_TYPE = Pattern.compile("^$|^[a-zA-Z][a-zA-Z0-9(),]*$");

    private static final String SOURCE_TABLE_MISSING = "SOURCE_TABLE_MISSING";
    private static final String TABLES_NOT_IN_PUBLICATION = "TABLES_NOT_IN_PUBLICATION";

    private final PeerDbState state;

    MirrorValidator(PeerDbState state) {
        this.state = state;
    }

    /**
     * Validates a mirror definition.
     *
     * @param checkName whether an existing mirror of that name is an error (validate: yes; create: no)
     * @throws ApiError AlreadyExists (409), InvalidArgument or FailedPrecondition (400), Unimplemented (501)
     */
    void validate(FlowConnectionConfigs config, boolean checkName) {
        if (checkName && !config.resync() && state.mirror(config.flowJobName()).isPresent()) {
            throw new ApiError(
                    GrpcCode.ALREADY_EXISTS,
                    "mirror with name " + config.flowJobName() + " already exists",
                    List.of(ApiError.errorInfo("MIRROR", Map.of("offendingField", "flow_job_name"))));
        }
        if (!config.doInitialSnapshot() && config.initialSnapshotOnly()) {
            throw new ApiError(
                    GrpcCode.INVALID_ARGUMENT,
                    "invalid config: initial_snapshot_only is true but do_initial_snapshot is false");
        }
        checkDuplicates(config.tableMappings());
        for (TableMapping mapping : config.tableMappings()) {
            for (ColumnSetting column : mapping.columns()) {
                if (!CUSTOM_COLUMN_TYPE.matcher(column.destinationType()).matches()) {
                    throw new ApiError(
                            GrpcCode.INVALID_ARGUMENT, "invalid custom column type " + column.destinationType());
                }
            }
        }
        SourceDatabase source = sourceConnector(config.sourceName());
        List<QualifiedTable> tables = validateSource(config, source);
        Optional<Peer> destination = state.peer(config.destinationName());
        if (destination.isEmpty()) {
            throw new ApiError(
                    GrpcCode.FAILED_PRECONDITION,
                    "failed to create destination connector: peers not found: [" + config.destinationName() + "]");
        }
        DbType destinationType = destination.get().type();
        if ((destinationType == DbType.CLICKHOUSE || destinationType == DbType.POSTGRES) && !config.resync()) {
            checkSchemaFetch(source, tables);
        }
    }

    private static void checkDuplicates(List<TableMapping> mappings) {
        Set<String> sources = new HashSet<>();
        Set<String> destinations = new HashSet<>();
        for (TableMapping mapping : mappings) {
            if (!sources.add(mapping.sourceTableIdentifier())) {
                throw new ApiError(
                        GrpcCode.INVALID_ARGUMENT, "duplicate source table " + mapping.sourceTableIdentifier());
            }
            if (!destinations.add(mapping.destinationTableIdentifier())) {
                throw new ApiError(
                        GrpcCode.INVALID_ARGUMENT,
                        "duplicate destination table " + mapping.destinationTableIdentifier());
            }
        }
    }

    /** {@code GetByNameAs[MirrorSourceValidationConnector]}: the peer must exist and be a Postgres source. */
    private SourceDatabase sourceConnector(String sourceName) {
        Peer peer = state.peer(sourceName)
                .orElseThrow(() -> new ApiError(
                        GrpcCode.FAILED_PRECONDITION,
                        "failed to create source connector: peers not found: [" + sourceName + "]"));
        return peer.database()
                .orElseThrow(() -> new ApiError(GrpcCode.UNIMPLEMENTED, "connector is not a supported source type"));
    }

    /** {@code ValidateMirrorSource}; returns the parsed source tables. */
    private static List<QualifiedTable> validateSource(FlowConnectionConfigs config, SourceDatabase source) {
        String prefix = "failed to validate source connector " + config.sourceName() + ": ";
        if (!config.noCdc()) {
            Optional<String> problem;
            try {
                problem = source.replicationSettingsProblem();
            } catch (SQLException e) {
                throw new ApiError(
                        GrpcCode.FAILED_PRECONDITION, "failed to create source connector: " + e.getMessage());
            }
            problem.ifPresent(text -> {
                throw new ApiError(
                        GrpcCode.FAILED_PRECONDITION, prefix + "failed to check replication permissions: " + text);
            });
        }
        List<QualifiedTable> tables = new ArrayList<>();
        for (TableMapping mapping : config.tableMappings()) {
            try {
                tables.add(QualifiedTable.parse(mapping.sourceTableIdentifier()));
            } catch (IllegalArgumentException e) {
                throw new ApiError(
                        GrpcCode.FAILED_PRECONDITION, prefix + "invalid source table identifier: " + e.getMessage());
            }
        }
        try {
            checkSourceTables(config, source, tables, prefix + "provided source tables invalidated: ");
            if (config.publicationName().isEmpty() && !config.noCdc()) {
                try {
                    source.checkPublicationCreation(tables);
                } catch (SQLException e) {
                    throw new ApiError(
                            GrpcCode.FAILED_PRECONDITION,
                            prefix
                                    + "invalid publication creation permissions: error creating publication: "
                                    + e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new ApiError(GrpcCode.FAILED_PRECONDITION, prefix + e.getMessage());
        }
        return tables;
    }

    /** {@code CheckSourceTables}: every table selectable; a custom publication exists and holds them all. */
    private static void checkSourceTables(
            FlowConnectionConfigs config, SourceDatabase source, List<QualifiedTable> tables, String prefix)
            throws SQLException {
        List<QualifiedTable> missing;
        try {
            missing = source.missingTables(tables);
        } catch (SQLException e) {
            throw new ApiError(GrpcCode.FAILED_PRECONDITION, prefix + "failed to select from table: " + e.getMessage());
        }
        if (!missing.isEmpty()) {
            List<String> subjects = missing.stream().map(QualifiedTable::dotted).toList();
            throw new ApiError(
                    GrpcCode.FAILED_PRECONDITION,
                    "source tables do not exist: " + String.join(", ", subjects),
                    List.of(
                            ApiError.errorInfo(SOURCE_TABLE_MISSING, Map.of()),
                            ApiError.preconditionFailure(
                                    SOURCE_TABLE_MISSING,
                                    subjects,
                                    subjects.stream()
                                            .map(s -> "source table " + s + " does not exist")
                                            .toList())));
        }
        String publication = config.publicationName();
        if (publication.isEmpty() || config.noCdc()) {
            return;
        }
        Optional<Boolean> allTables = source.publicationAllTables(publication);
        if (allTables.isEmpty()) {
            throw new ApiError(GrpcCode.FAILED_PRECONDITION, prefix + "publication does not exist: " + publication);
        }
        if (allTables.get()) {
            return;
        }
        List<String> absent = source.tablesNotInPublication(publication, tables).stream()
                .map(QualifiedTable::dotted)
                .toList();
        if (!absent.isEmpty()) {
            throw new ApiError(
                    GrpcCode.FAILED_PRECONDITION,
                    "tables not in publication \"" + publication + "\": " + String.join(", ", absent),
                    List.of(
                            ApiError.errorInfo(TABLES_NOT_IN_PUBLICATION, Map.of("publication", publication)),
                            ApiError.preconditionFailure(
                                    TABLES_NOT_IN_PUBLICATION,
                                    absent,
                                    absent.stream()
                                            .map(s -> "table " + s + " is not in publication \"" + publication + "\"")
                                            .collect(Collectors.toList()))));
        }
    }

    /** The source schema fetch before destination validation; fails on REPLICA IDENTITY NOTHING. */
    private static void checkSchemaFetch(SourceDatabase source, List<QualifiedTable> tables) {
        try {
            for (QualifiedTable table : tables) {
                Optional<SourceDatabase.ReplicaIdentity> identity = source.replicaIdentity(table);
                if (identity.isPresent() && identity.get().kind() == 'n') {
                    throw new ApiError(
                            GrpcCode.FAILED_PRECONDITION,
                            "failed to get source table schema: table " + table + " has replica identity 'n'/NOTHING");
                }
            }
        } catch (SQLException e) {
            throw new ApiError(GrpcCode.FAILED_PRECONDITION, "failed to get source table schema: " + e.getMessage());
        }
    }
}
