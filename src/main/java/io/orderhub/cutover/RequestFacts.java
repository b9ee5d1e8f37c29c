package io.orderhub.cutover;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the gray-release rules may look at in one request. Every field may be null (unknown); a rule
 * that asks about a field the request does not carry does not match it.
 *
 * <ul>
 *   <li>{@code sourceSystem}: the calling system, e.g. a POS's {@code X-POS-Source-System}
 *       ({@code POS-GD}), or the platform a poll reads ({@code taobao}).</li>
 *   <li>{@code channel}: the canonical order's channel ({@code tmall}, {@code shopify}, {@code store-csv},
 *       {@code legacy-crm}, {@code pos}...).</li>
 *   <li>{@code function}: the API function. SOAP operations by their WSDL name:
 *       {@code SubmitOrder}, {@code QueryOrder}, {@code QueryOrdersSince}, {@code QueryMember},
 *       {@code UpdateOrderStatus}, {@code RegisterMember}, {@code UpdateMember}. REST and other doors
 *       by resource.verb: {@code orders.create} (POST /api/orders), {@code orders.read}
 *       (GET /api/orders/{id}), {@code orders.search} (GET /api/orders?channel=...),
 *       {@code orders.status} (POST /api/orders/{id}/status), {@code channel.webhook} (signed
 *       webhooks), {@code channel.poll} (platform and legacy-CRM polls), {@code channel.file} (file
 *       drops). {@link #FUNCTIONS} lists them; rules naming another function are refused.</li>
 *   <li>{@code regionCode}: GB/T 2260 administrative division code of the store or the buyer
 *       (6 digits, e.g. {@code 440106}); rules match it by prefix ({@code 44} Guangdong province,
 *       {@code 4401} Guangzhou).</li>
 *   <li>{@code storeCode}: the store (POS {@code X-POS-Store-Code}, the order's shop).</li>
 *   <li>{@code memberId}: the member (card number, or the hub member id) the request is about.</li>
 *   <li>{@code headers}: request headers the door chose to pass on (names compared without case).</li>
 * </ul>
 */
public record RequestFacts(String sourceSystem, String channel, String function, String regionCode,
                           String storeCode, String memberId, Map<String, String> headers) {

    /** Every function a rule may name: the POS contract's operations, then the REST and channel doors. */
    public static final java.util.List<String> FUNCTIONS = java.util.List.of(
            "SubmitOrder", "QueryOrder", "QueryOrdersSince", "QueryMember", "UpdateOrderStatus",
            "RegisterMember", "UpdateMember",
            "orders.create", "orders.read", "orders.search", "orders.status",
            "channel.webhook", "channel.poll", "channel.file");

    public RequestFacts {
        TreeMap<String, String> h = new TreeMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    h.put(k.toLowerCase(Locale.ROOT), v);
                }
            });
        }
        headers = java.util.Collections.unmodifiableMap(h);
    }

    /** A header's value by name, without regard to case. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The key sticky percentages hash: the member id, else the store code; empty when the request
     * carries neither (such a request is never inside a partial percentage).
     */
    public Optional<String> businessKey() {
        if (memberId != null && !memberId.isBlank()) {
            return Optional.of(memberId);
        }
        if (storeCode != null && !storeCode.isBlank()) {
            return Optional.of(storeCode);
        }
        return Optional.empty();
    }
}
