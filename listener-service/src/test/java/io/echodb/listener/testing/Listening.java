package io.echodb.listener.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

/**
 * Waits until the application under test is ready, i.e. its LISTEN connection is subscribed. A {@code @QuarkusTest}
 * starts as soon as the application has started, which can be a moment before LISTEN is in place; a table
 * created in that moment is announced to nobody (only the inventory finds it).
 */
public final class Listening {

    private Listening() {}

    /** Returns once {@code /q/health/ready} answers 200; fails after 15 s. */
    public static void awaitReady() {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> given().when().get("/q/health/ready").then().statusCode(200));
    }
}
