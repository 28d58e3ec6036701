package io.echodb.listener.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.listener.domain.CatalogTable;
import io.echodb.listener.domain.Eligibility;
import io.echodb.listener.domain.Persistence;
import io.echodb.listener.domain.ReplicaIdentity;
import io.echodb.listener.domain.TableKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableClassifierTest {

    private final TableClassifier classifier = new TableClassifier(
            List.of("public", " Sales ", "tenant_*"), List.of("temp_*", "_tmp_*", "public.legacy_?", ""));

    @Test
    void ordinaryPermanentTableWithPrimaryKeyIsEligible() {
        assertThat(verdict(classifier, table("public", "orders"))).isEqualTo(Eligibility.yes());
    }

    @Test
    void partitionedParentIsEligible() {
        assertThat(verdict(classifier, table("public", "events").withKind(TableKind.PARTITIONED))
                        .eligible())
                .isTrue();
    }

    @Test
    void partitionIsSkippedNamingItsParent() {
        CatalogTable partition = new CatalogTable(
                10,
                "public",
                "events_2026",
                TableKind.PARTITION,
                Persistence.PERMANENT,
                ReplicaIdentity.DEFAULT,
                true,
                false,
                null,
                "public",
                "events");

        assertThat(classifier.classify(partition))
                .isEqualTo(Eligibility.no("partition of public.events (the partitioned parent is mirrored)"));
    }

    @Test
    void temporaryAndUnloggedTablesAreSkipped() {
        assertThat(verdict(classifier, table("pg_temp_3", "scratch").withPersistence(Persistence.TEMPORARY))
                        .reason())
                .isEqualTo("internal schema \"pg_temp_3\"");
        assertThat(verdict(classifier, table("public", "scratch").withPersistence(Persistence.TEMPORARY))
                        .reason())
                .isEqualTo("temporary table");
        assertThat(verdict(classifier, table("public", "cache").withPersistence(Persistence.UNLOGGED))
                        .reason())
                .isEqualTo("unlogged table");
    }

    @Test
    void relationsThatAreNotTablesAreSkipped() {
        assertThat(verdict(classifier, table("public", "f").withKind(TableKind.FOREIGN))
                        .reason())
                .isEqualTo("foreign table");
        assertThat(verdict(classifier, table("public", "v").withKind(TableKind.VIEW))
                        .reason())
                .isEqualTo("view");
        assertThat(verdict(classifier, table("public", "m").withKind(TableKind.MATERIALIZED_VIEW))
                        .reason())
                .isEqualTo("materialized view");
        assertThat(verdict(classifier, table("public", "s").withKind(TableKind.OTHER))
                        .reason())
                .isEqualTo("not a table");
    }

    @Test
    void schemasMustBeWatchedExactlyOrByGlob() {
        assertThat(verdict(classifier, table("audit", "log")).reason()).isEqualTo("schema \"audit\" is not watched");
        assertThat(verdict(classifier, table("sales", "q1")).reason()).isEqualTo("schema \"sales\" is not watched");
        assertThat(verdict(classifier, table("Sales", "q1")).eligible()).isTrue();
        assertThat(verdict(classifier, table("tenant_42", "users")).eligible()).isTrue();
    }

    @Test
    void internalSchemasAreNeverMirrored() {
        TableClassifier everything = new TableClassifier(List.of("*"), List.of());

        assertThat(verdict(everything, table("echodb", "alerts")).reason()).isEqualTo("internal schema \"echodb\"");
        assertThat(verdict(everything, table("_peerdb_internal", "_peerdb_raw_m"))
                        .reason())
                .isEqualTo("internal schema \"_peerdb_internal\"");
        assertThat(verdict(everything, table("peerdb_stats", "cdc_batches")).eligible())
                .isFalse();
        assertThat(everything.isWatched("_peerdb_internal")).isFalse();
        assertThat(everything.isWatched("anything")).isTrue();
        assertThat(verdict(everything, table("pg_catalog", "pg_class")).eligible())
                .isFalse();
        assertThat(verdict(everything, table("information_schema", "sql_features"))
                        .eligible())
                .isFalse();
        assertThat(verdict(everything, table("anything", "goes")).eligible()).isTrue();
    }

    @Test
    void exclusionGlobsMatchTableNamesOrQualifiedNames() {
        assertThat(verdict(classifier, table("public", "temp_orders")).reason())
                .isEqualTo("excluded by pattern \"temp_*\"");
        assertThat(verdict(classifier, table("Sales", "_tmp_x")).reason()).isEqualTo("excluded by pattern \"_tmp_*\"");
        assertThat(verdict(classifier, table("public", "legacy_a")).reason())
                .isEqualTo("excluded by pattern \"public.legacy_?\"");
        assertThat(verdict(classifier, table("Sales", "legacy_a")).eligible()).isTrue();
        assertThat(verdict(classifier, table("public", "legacy_ab")).eligible()).isTrue();
        assertThat(verdict(classifier, table("public", "tempXorders")).eligible())
                .isTrue();
    }

    @Test
    void globCharactersOtherThanStarAndQuestionMarkAreLiteral() {
        TableClassifier literal = new TableClassifier(List.of("public"), List.of("a.b(c)+[d]$"));

        assertThat(verdict(literal, table("public", "a.b(c)+[d]$")).reason())
                .isEqualTo("PeerDB cannot address a table name containing '.'");
        assertThat(TableClassifier.globToPattern("a.b(c)+[d]$")
                        .matcher("a.b(c)+[d]$")
                        .matches())
                .isTrue();
        assertThat(TableClassifier.globToPattern("日本*").matcher("日本語の表").matches())
                .isTrue();
        assertThat(TableClassifier.globToPattern("?").matcher("😀").matches()).isTrue();
    }

    @Test
    void extensionTablesAreSkipped() {
        CatalogTable owned = new CatalogTable(
                11,
                "public",
                "spatial_ref_sys",
                TableKind.ORDINARY,
                Persistence.PERMANENT,
                ReplicaIdentity.DEFAULT,
                true,
                false,
                "postgis",
                null,
                null);

        assertThat(classifier.classify(owned).reason()).isEqualTo("owned by extension \"postgis\"");
    }

    @Test
    void tablesNeedAPrimaryKeyOrAReplicaIdentity() {
        assertThat(verdict(classifier, table("public", "heap").withoutPrimaryKey())
                        .reason())
                .isEqualTo("no primary key or replica identity");
        assertThat(verdict(
                                classifier,
                                table("public", "heap").withoutPrimaryKey().withIdentity(ReplicaIdentity.FULL))
                        .eligible())
                .isTrue();
        assertThat(verdict(
                                classifier,
                                table("public", "heap").withoutPrimaryKey().withIdentity(ReplicaIdentity.INDEX))
                        .eligible())
                .isTrue();
        assertThat(verdict(classifier, table("public", "keyed").withIdentity(ReplicaIdentity.NOTHING))
                        .reason())
                .isEqualTo("replica identity NOTHING");
        CatalogTable indexGone = new CatalogTable(
                12,
                "public",
                "heap",
                TableKind.ORDINARY,
                Persistence.PERMANENT,
                ReplicaIdentity.INDEX,
                true,
                false,
                null,
                null,
                null);
        assertThat(classifier.classify(indexGone).reason())
                .isEqualTo("replica identity INDEX without its index (behaves as NOTHING)");
    }

    @Test
    void onlyAMissingKeyIsAVerdictThatMayStillChange() {
        assertThat(verdict(classifier, table("public", "heap").withoutPrimaryKey()))
                .isEqualTo(Eligibility.notYet("no primary key or replica identity"));
        assertThat(verdict(
                                classifier,
                                table("public", "heap").withoutPrimaryKey().withPersistence(Persistence.UNLOGGED))
                        .complete())
                .isTrue();
        assertThat(verdict(classifier, table("audit", "heap").withoutPrimaryKey())
                        .complete())
                .isTrue();
        assertThat(verdict(classifier, table("public", "temp_heap").withoutPrimaryKey())
                        .complete())
                .isTrue();
        assertThat(verdict(
                                classifier,
                                table("public", "heap").withoutPrimaryKey().withKind(TableKind.FOREIGN))
                        .complete())
                .isTrue();
        assertThat(verdict(classifier, table("public", "keyed")).complete()).isTrue();
    }

    @Test
    void peerDbCannotAddressNamesWithADot() {
        assertThat(verdict(classifier, table("public", "orders.v2")).reason())
                .isEqualTo("PeerDB cannot address a table name containing '.'");
        TableClassifier dotted = new TableClassifier(List.of("my.schema"), List.of());
        assertThat(verdict(dotted, table("my.schema", "orders")).reason())
                .isEqualTo("PeerDB cannot address a schema name containing '.'");
    }

    @Test
    void globsBecomeEquivalentLikePatterns() {
        assertThat(TableClassifier.globToLike("tenant_*")).isEqualTo("tenant\\_%");
        assertThat(TableClassifier.globToLike("a?b%c\\")).isEqualTo("a_b\\%c\\\\");
        assertThat(TableClassifier.isGlob("public")).isFalse();
        assertThat(TableClassifier.isGlob("tenant_?")).isTrue();
    }

    private static Eligibility verdict(TableClassifier classifier, Table table) {
        return classifier.classify(table.catalog());
    }

    private static Table table(String schema, String name) {
        return new Table(schema, name, TableKind.ORDINARY, Persistence.PERMANENT, ReplicaIdentity.DEFAULT, true);
    }

    /** A table under test with copy-on-change helpers; {@link #catalog()} gives the classifier's input. */
    private record Table(
            String schema, String name, TableKind kind, Persistence persistence, ReplicaIdentity identity, boolean pk) {
        Table withKind(TableKind k) {
            return new Table(schema, name, k, persistence, identity, pk);
        }

        Table withPersistence(Persistence p) {
            return new Table(schema, name, kind, p, identity, pk);
        }

        Table withIdentity(ReplicaIdentity i) {
            return new Table(schema, name, kind, persistence, i, pk);
        }

        Table withoutPrimaryKey() {
            return new Table(schema, name, kind, persistence, identity, false);
        }

        CatalogTable catalog() {
            return new CatalogTable(
                    1,
                    schema,
                    name,
                    kind,
                    persistence,
                    identity,
                    pk,
                    identity == ReplicaIdentity.INDEX,
                    null,
                    null,
                    null);
        }
    }
}
