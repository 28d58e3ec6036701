package io.echodb.mirror.config;

import io.echodb.mirror.naming.MirrorNames;
import io.echodb.mirror.naming.NameTemplate;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the rules of {@link MirrorConfig} that span several settings (each setting's own rules are its
 * constraints) and produces the {@link MirrorNames} its templates define. Started eagerly: a conflict stops the
 * service with a {@link ConfigurationException} naming every setting involved.
 */
@Startup
@ApplicationScoped
public class MirrorConfigValidator {

    private final MirrorNames names;

    /** @throws ConfigurationException see {@link #check} */
    public MirrorConfigValidator(MirrorConfig config) {
        this.names = check(config);
    }

    /** The mirror and destination names of the configured templates. */
    @Produces
    @Singleton
    MirrorNames names() {
        return names;
    }

    /**
     * Checks {@code config} (whose settings passed their constraints) and returns the names its templates define.
     *
     * @throws ConfigurationException naming the settings when several schemas (or a pattern) are watched and a
     *     template in use lacks {@code {schema}}
     */
    public static MirrorNames check(MirrorConfig config) {
        NameTemplate mirror = NameTemplate.parse(MirrorConfig.MIRROR_NAME_TEMPLATE, config.mirrorNameTemplate());
        NameTemplate destination =
                NameTemplate.parse(MirrorConfig.DESTINATION_TABLE_TEMPLATE, config.destinationTableTemplate());
        NameTemplate shared =
                NameTemplate.parseShared(MirrorConfig.SHARED_MIRROR_NAME_TEMPLATE, config.sharedMirrorNameTemplate());
        List<String> schemas =
                config.schemas().stream().map(String::trim).distinct().toList();
        boolean glob = schemas.stream().anyMatch(schema -> schema.contains("*") || schema.contains("?"));
        if (schemas.size() > 1 || glob) {
            List<String> lacking = new ArrayList<>();
            if (config.strategy() == MirrorConfig.Strategy.PER_TABLE && !mirror.uses("schema")) {
                lacking.add(MirrorConfig.MIRROR_NAME_TEMPLATE + " '" + mirror + "'");
            }
            if (config.strategy() == MirrorConfig.Strategy.SHARED && !shared.uses("schema")) {
                lacking.add(MirrorConfig.SHARED_MIRROR_NAME_TEMPLATE + " '" + shared + "'");
            }
            if (!destination.uses("schema")) {
                lacking.add(MirrorConfig.DESTINATION_TABLE_TEMPLATE + " '" + destination + "'");
            }
            if (!lacking.isEmpty()) {
                throw new ConfigurationException(MirrorConfig.SCHEMAS + " (env SYNC_SCHEMA) watches "
                        + (glob ? "schemas by pattern " : schemas.size() + " schemas ") + schemas
                        + ", but " + String.join(" and ", lacking)
                        + (lacking.size() == 1 ? " lacks" : " lack")
                        + " {schema}: tables of the same name in different schemas would get the same name."
                        + " Add {schema} to the template(s), e.g. {schema}_{table}_mirror and {schema}_{table},"
                        + " or watch one schema.");
            }
        }
        return new MirrorNames(mirror, destination, shared);
    }
}
