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

    /**
     * A canonical status with an optional hold flag ({@code PAID} or {@code {status: PAID, onHold: true}}),
     * or a documented platform value the hub deliberately does not map ({@code {park: "why"}}): an
     * order in it is parked with that reason, so a known value is never mistaken for an unknown one
     * nor silently given a default.
     */
    public record StatusCode(String status, Boolean onHold, String park) {

        public StatusCode(String status, Boolean onHold) {
            this(status, onHold, null);
        }

        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        static StatusCode of(Object v) {
            if (v instanceof String s) {
                return new StatusCode(s, null, null);
            }
            if (v instanceof Map<?, ?> m) {
                Object park = m.get("park");
                Object status = m.get("status");
                Object hold = m.get("onHold");
                if (park != null && (status != null || hold != null)) {
                    throw new IllegalArgumentException("a parked status has only a reason: " + v);
                }
                if (park == null && status == null) {
                    throw new IllegalArgumentException("a status code needs a status or a park reason: " + v);
                }
                return new StatusCode(status == null ? null : status.toString(),
                        hold == null ? null : Boolean.valueOf(hold.toString()), park == null ? null : park.toString());
            }
            throw new IllegalArgumentException("a status code is a canonical status, {status, onHold} or {park}: " + v);
        }
    }

    /**
     * CSV options: the charset used when a file is not UTF-8 (with or without BOM), the column
     * whose value groups consecutive rows into one order, and the delimiter. {@code aliases} maps a
     * column name the mapping reads to the other names exports use for it (another ERP's header is
     * renamed on reading, no Java); {@code optionalColumns} are columns the mapping reads that an
     * export may leave out (every other column the mapping reads must be in the header, or the
     * file is refused as a whole); {@code lineAmount} checks each row's amount against quantity ×
     * unit price (− discount), exactly, when the export has those columns.
     */
    public record Csv(String fallbackCharset, String orderColumn, Character delimiter,
                      Map<String, java.util.List<String>> aliases, java.util.List<String> optionalColumns,
                      LineAmount lineAmount) {

        public Csv(String fallbackCharset, String orderColumn, Character delimiter) {
            this(fallbackCharset, orderColumn, delimiter, null, null, null);
        }
    }

    /**
     * The line-amount rule of a CSV export: {@code amount = quantity × unitPrice − discount}
     * (discount optional), column names after aliasing; checked only when the header has the
     * amount, quantity and unit price columns.
     */
    public record LineAmount(String amount, String quantity, String unitPrice, String discount) {
    }

    /** XML options: the element that holds one order. */
    public record Xml(String record) {
    }
}
