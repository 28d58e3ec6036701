package io.echodb.listener.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for mirror-service on a dynamic port and records every request: {@code POST /api/v1/table-events}
 * and {@code PUT /api/v1/sources/{source}/inventory}. Answers 202 {@code {"status":"accepted"}}, except for
 * table events of tables whose name starts with {@value #FAILING_PREFIX} (503) or {@value #REFUSED_PREFIX}
 * (400), and inventories while {@link #answerInventoriesWith(int)} says otherwise, so tests can watch retries
 * and drops. Anything else gets 404.
 */
public final class MirrorServiceStub implements AutoCloseable {

    /** Tables with this name prefix get 503 Service Unavailable. */
    public static final String FAILING_PREFIX = "fail_";

    /** Tables with this name prefix get 400 Bad Request. */
    public static final String REFUSED_PREFIX = "reject_";

    private static final Pattern INVENTORY_PATH = Pattern.compile("/api/v1/sources/([^/]+)/inventory");

    /**
     * One request received.
     *
     * @param path the request path, e.g. {@code /api/v1/table-events}
     * @param body the JSON body
     * @param apiKey the {@code X-EchoDB-Api-Key} header, or null
     * @param status the status answered
     */
    public record Received(String path, JsonObject body, String apiKey, int status) {

        /** Whether this is a table event. */
        public boolean isTableEvent() {
            return "/api/v1/table-events".equals(path);
        }

        /** Whether this is an inventory. */
        public boolean isInventory() {
            return INVENTORY_PATH.matcher(path).matches();
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int inventoryStatus = 202;
    private volatile long inventoryDelayMillis;
    private final AtomicInteger inventoriesInFlight = new AtomicInteger();
    private final AtomicInteger mostInventoriesInFlight = new AtomicInteger();
    private HttpServer server;

    /** Starts listening on a free port of 127.0.0.1. */
    public MirrorServiceStub start() {
        try {
            server = vertx.createHttpServer()
                    .requestHandler(this::handle)
                    .listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the mirror-service stub", e);
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Status answered to inventories from now on (202 unless changed); tests set it back to 202 when done. */
    public void answerInventoriesWith(int status) {
        inventoryStatus = status;
    }

    /** Answer inventories only after {@code delay} from now on (none unless changed); tests set it back to zero. */
    public void delayInventoriesBy(Duration delay) {
        inventoryDelayMillis = delay.toMillis();
    }

    /** The largest number of inventory requests this stub was answering at the same time. */
    public int mostInventoriesInFlight() {
        return mostInventoriesInFlight.get();
    }

    /** Every request received, oldest first. */
    public List<Received> requests() {
        return List.copyOf(received);
    }

    /** The last accepted event for {@code schema.table}, if any. */
    public Optional<JsonObject> acceptedEvent(String schema, String table) {
        return events().reversed().stream()
                .filter(r -> r.status() == 202)
                .map(Received::body)
                .filter(b -> schema.equals(b.getString("schema")) && table.equals(b.getString("table")))
                .findFirst();
    }

    /** All table event requests (accepted or not) for tables named {@code table}, in any schema. */
    public List<Received> requestsFor(String table) {
        return events().stream()
                .filter(r -> table.equals(r.body().getString("table")))
                .toList();
    }

    /** Every table event request, oldest first. */
    public List<Received> events() {
        return requests().stream().filter(Received::isTableEvent).toList();
    }

    /** Every inventory request (accepted or not), oldest first. */
    public List<Received> inventories() {
        return requests().stream().filter(Received::isInventory).toList();
    }

    /** The body of the last accepted inventory received after {@code index} inventories, if any. */
    public Optional<JsonObject> acceptedInventoryAfter(int index) {
        List<Received> inventories = inventories();
        return inventories.subList(Math.min(index, inventories.size()), inventories.size()).reversed().stream()
                .filter(r -> r.status() == 202)
                .map(Received::body)
                .findFirst();
    }

    private void handle(HttpServerRequest request) {
        String method = request.method().name();
        Matcher inventory = INVENTORY_PATH.matcher(request.path());
        boolean isEvent = "POST".equals(method) && "/api/v1/table-events".equals(request.path());
        boolean isInventory = "PUT".equals(method) && inventory.matches();
        if (!isEvent && !isInventory) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(buffer -> {
            JsonObject body = buffer.toJsonObject();
            int status = isInventory ? inventoryStatus : eventStatus(body);
            received.add(new Received(request.path(), body, request.getHeader("X-EchoDB-Api-Key"), status));
            if (!isInventory) {
                answer(request, status);
                return;
            }
            mostInventoriesInFlight.accumulateAndGet(inventoriesInFlight.incrementAndGet(), Math::max);
            vertx.setTimer(Math.max(1, inventoryDelayMillis), timer -> {
                inventoriesInFlight.decrementAndGet();
                answer(request, status);
            });
        });
    }

    private static void answer(HttpServerRequest request, int status) {
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(
                        status == 202
                                ? "{\"status\":\"accepted\"}"
                                : "{\"title\":\"stubbed failure\",\"status\":" + status + "}");
    }

    private static int eventStatus(JsonObject body) {
        String table = body.getString("table", "");
        return table.startsWith(FAILING_PREFIX) ? 503 : table.startsWith(REFUSED_PREFIX) ? 400 : 202;
    }

    @Override
    public void close() {
        vertx.close()
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }
}
