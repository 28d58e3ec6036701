package io.echodb.mirror.rest;

/**
 * Body of a 202 answer: {@code {"status":"accepted"}}.
 *
 * @param status always {@code accepted}
 */
public record AcceptedResponse(String status) {

    /** The only value. */
    public static final AcceptedResponse ACCEPTED = new AcceptedResponse("accepted");
}
