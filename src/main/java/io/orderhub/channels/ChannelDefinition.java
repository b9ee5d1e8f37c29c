package io.orderhub.channels;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * One channel's mapping descriptor, {@code mappings/<name>/channel.yaml}: which canonical channel
 * and source system its orders get, the payload format, the mapping file (JSONata for JSON, XSLT
 * for XML; CSV rows are grouped into one JSON record per order and mapped with JSONata), and the
 * channel's code tables: platform status → canonical status (and hold flag), platform refund
 * status → after-sale status.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ChannelDefinition(
        String name,
        String description,
        String channel,
        String sourceSystem,
        String legacySourceCode,
        Format format,
        String mapping,
        Map<String, StatusCode> status,
        Map<String, String> afterSale,
        Csv csv,
        Xml xml) {

    /** Payload formats a channel can carry. */
    public enum Format { json, jsonl, csv, xml }

    /** A canonical status with an optional hold flag ({@code PAID} or {@code {status: PAID, onHold: true}}). */
    public record StatusCode(String status, Boolean onHold) {
        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        static StatusCode of(Object v) {
            if (v instanceof String s) {
                return new StatusCode(s, null);
            }
            if (v instanceof Map<?, ?> m) {
                Object hold = m.get("onHold");
                return new StatusCode(String.valueOf(m.get("status")), hold == null ? null : Boolean.valueOf(hold.toString()));
            }
            throw new IllegalArgumentException("a status code is a canonical status or {status, onHold}: " + v);
        }
    }

    /**
     * CSV options: the charset used when a file is not UTF-8 (with or without BOM), the column
     * whose value groups consecutive rows into one order, and the delimiter.
     */
    public record Csv(String fallbackCharset, String orderColumn, Character delimiter) {
    }

    /** XML options: the element that holds one order. */
    public record Xml(String record) {
    }
}
