package io.echodb.mirror;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The packages of the main code depend on each other in one direction only. */
class PackageCyclesTest {

    @Test
    void packagesFormNoCycles() {
        slices().matching("io.echodb.mirror.(*)..")
                .should()
                .beFreeOfCycles()
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.echodb.mirror"));
    }
}
