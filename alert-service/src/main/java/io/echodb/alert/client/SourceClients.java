package io.echodb.alert.client;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.config.AlertConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every configured source database: first the default reactive datasource ({@code quarkus.datasource.*}, named
 * {@code echodb.alert.source-name}), then each {@code echodb.alert.sources.<name>} in name order, each with its own
 * pool of {@value #EXTRA_POOL_SIZE} connections built here (their URLs are runtime settings, which named Quarkus
 * datasources cannot be).
 */
@ApplicationScoped
public class SourceClients {

    /** Connections of the pool of each further source: one poll statement at a time, one spare. */
    static final int EXTRA_POOL_SIZE = 2;

    private final Map<String, SourceClient> clients = new LinkedHashMap<>();
    private final List<Pool> ownPools = new ArrayList<>();

    public SourceClients(
            AlertConfig config,
            Pool defaultPool,
            Vertx vertx,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> defaultUser,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> defaultPassword) {
        clients.put(
                config.sourceName(),
                new SourceClient(
                        config.sourceName(),
                        defaultPool,
                        config.peerdbUser().orElse(null),
                        queries(registry, config.sourceName())));
        config.sources().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            String name = entry.getKey();
            AlertConfig.Source source = entry.getValue();
            PgConnectOptions options = PgConnectOptions.fromUri(source.url());
            source.username().or(() -> defaultUser).ifPresent(options::setUser);
            source.password().or(() -> defaultPassword).ifPresent(options::setPassword);
            Pool pool = PgBuilder.pool()
                    .with(new PoolOptions().setMaxSize(EXTRA_POOL_SIZE).setName("echodb-source-" + name))
                    .connectingTo(options)
                    .using(vertx)
                    .build();
            ownPools.add(pool);
            clients.put(name, new SourceClient(name, pool, source.peerdbUser().orElse(null), queries(registry, name)));
            Log.infof("Source %s: %s:%d/%s", name, options.getHost(), options.getPort(), options.getDatabase());
        });
    }

    /** Every source, the default one first. */
    public List<SourceClient> all() {
        return List.copyOf(clients.values());
    }

    /** The source named {@code name}, if configured. */
    public Optional<SourceClient> named(String name) {
        return Optional.ofNullable(clients.get(name));
    }

    @PreDestroy
    void close() {
        ownPools.forEach(pool -> pool.close().subscribe().with(ignored -> {}, failure -> {}));
    }

    private static Counter queries(MeterRegistry registry, String source) {
        return AlertMetrics.sourceQueries(registry, source);
    }
}
