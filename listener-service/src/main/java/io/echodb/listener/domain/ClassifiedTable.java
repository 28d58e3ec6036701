package io.echodb.listener.domain;

/**
 * A catalog entry with the listener's verdict on it.
 *
 * @param table what the catalog says
 * @param verdict whether it should be mirrored, and why not
 */
public record ClassifiedTable(CatalogTable table, Eligibility verdict) {}
