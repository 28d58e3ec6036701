package io.echodb.alert.client;

/** A source runs a PostgreSQL older than {@value SourceClient#MINIMUM_MAJOR_VERSION}; nothing was sent to it. */
public final class UnsupportedPostgresVersionException extends RuntimeException {

    /**
     * @param source the source's name
     * @param serverVersion the server's version as it reports it, e.g. {@code 12.22}
     */
    public UnsupportedPostgresVersionException(String source, String serverVersion) {
        super("source " + source + " runs PostgreSQL " + serverVersion + "; EchoDB needs PostgreSQL "
                + SourceClient.MINIMUM_MAJOR_VERSION + " or newer (docs/postgres-versions.md)");
    }
}
