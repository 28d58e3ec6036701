package io.echodb.mirror.config;

import io.echodb.mirror.service.MirrorNames;
import io.echodb.mirror.service.NameTemplate;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks {@link MirrorConfig} at startup and produces the {@link MirrorNames} it defines. Started eagerly: an
 * invalid setting stops the service with a {@link ConfigurationException} naming the setting (and, for a conflict
 * between settings, both).
 */
@Startup
@ApplicationScoped
public class ConfigChecks {

    private final MirrorNames names;

    /**
     * @throws ConfigurationException naming the setting: an invalid template; several schemas with a template
     *     lacking {@code {schema}}; a sync interval under 1 s; a retry backoff under 1; a non-positive shared
     *     window or interval
     */
    public ConfigChecks(MirrorConfig config) {
        this.names = check(config);
    }

    /** The mirror and destination names of the configured templates. */
    @Produces
    @Singleton
    MirrorNames names() {
        return names;
    }

    /** Checks {@code config} and returns the names its templates define; see the constructor for the errors. */
    public static MirrorNames check(MirrorConfig config) {
        NameTemplate mirror;
        NameTemplate destination;
        NameTemplate shared;
        try {
            mirror = NameTemplate.parse(MirrorConfig.MIRROR_NAME_TEMPLATE, config.mirrorNameTemplate());
            destination = NameTemplate.parse(MirrorConfig.DESTINATION_TABLE_TEMPLATE, config.destinationTableTemplate());
            shared = NameTemplate.parseShared(MirrorConfig.SHARED_MIRROR_NAME_TEMPLATE, config.sharedMirrorNameTemplate());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        List<String> schemas = config.schemas().stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (schemas.isEmpty()) {
            throw new ConfigurationException("Invalid " + MirrorConfig.SCHEMAS + " (env SYNC_SCHEMA): it lists no schema");
        }
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
        if (config.syncInterval().toSeconds() < 1) {
            throw new ConfigurationException("Invalid " + MirrorConfig.SYNC_INTERVAL + " '" + config.syncInterval()
                    + "': must be at least 1s (PeerDB takes whole seconds)");
        }
        if (!(config.peerdb().retryBackoff() >= 1.0)) {
            throw new ConfigurationException("Invalid echodb.mirror.peerdb.retry-backoff (env RETRY_BACKOFF) '"
                    + config.peerdb().retryBackoff() + "': must be at least 1 (1 = constant delay)");
        }
        requirePositive("echodb.mirror.peerdb.max-retry-delay", config.peerdb().maxRetryDelay());
        requirePositive("echodb.mirror.shared.coalesce-window", config.shared().coalesceWindow());
        requirePositive("echodb.mirror.peerdb.poll-interval", config.peerdb().pollInterval());
        requirePositive("echodb.mirror.shared.busy-recheck-interval", config.shared().busyRecheckInterval());
        return new MirrorNames(mirror, destination, shared);
    }

    private static void requirePositive(String setting, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ConfigurationException("Invalid " + setting + " '" + value + "': must be positive");
        }
    }
}
