package io.orderhub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.IllegalTransitionException;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.intake.IdempotencyConflictException;
import io.orderhub.intake.OrderNotFoundException;
import io.orderhub.intake.StoreUnavailableException;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever went wrong into an RFC 9457 (RFC 7807) problem+json answer: a stable type, the
 * HTTP status, a human sentence and, for bad input, every offending field. Never a stack trace;
 * an unexpected error is logged under an id that the answer carries.
 */
public class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    static final String TYPE_PREFIX = "urn:orderhub:problem:";

    /** The problem as HTTP status and JSON body. */
    public record Problem(int status, String json) {
    }

    /** Answers the exchange's caught exception as problem+json. */
    public void respond(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String instance = exchange.getIn().getHeader(Exchange.HTTP_PATH, String.class);
        Problem p = of(e, instance);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, p.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        if (p.status() == 503) {
            exchange.getMessage().setHeader("Retry-After", "5");
        }
        exchange.getMessage().setBody(p.json());
    }

    public static Problem of(Throwable e, String instance) {
        if (e instanceof io.orderhub.channels.OneRecordOnlyException one) {
            return problem(400, "one-record-per-preview", "One record per preview",
                    describe(one.errors()), instance, one.errors());
        }
        if (e instanceof InvalidOrderException invalid) {
            return invalid.malformed()
                    ? problem(400, "malformed-request", "Request could not be read",
                            describe(invalid.errors()), instance, invalid.errors())
                    : problem(422, "invalid-order", "Order failed validation",
                            describe(invalid.errors()), instance, invalid.errors());
        }
        if (e instanceof io.orderhub.cutover.InvalidRulesException invalid) {
            return invalid.malformed()
                    ? problem(400, "malformed-request", "Request could not be read",
                            describe(invalid.errors()), instance, invalid.errors())
                    : problem(422, "invalid-cutover-rules", "Cutover request failed validation",
                            describe(invalid.errors()), instance, invalid.errors());
        }
        if (e instanceof io.orderhub.cutover.UnknownRulesVersionException) {
            return problem(404, "cutover-version-not-found", "Cutover rules version not found", e.getMessage(),
                    instance, List.of(new FieldError("version", "no such rules version")));
        }
        if (e instanceof io.orderhub.cutover.RulesVersionConflictException c) {
            return problem(409, "cutover-version-conflict", "Cutover rules changed meanwhile", e.getMessage(),
                    instance, List.of(new FieldError("basedOnVersion", "is " + c.expected() + " but version "
                            + c.current() + " is current")));
        }
        if (e instanceof io.orderhub.cutover.CutoverUnavailableException) {
            LOG.warn("cutover rules unavailable: {}", e.getMessage());
            return problem(503, "store-unavailable", "Store unavailable",
                    "The cutover rules cannot be read now; retry later with the same request.", instance, List.of());
        }
        if (e instanceof io.orderhub.channels.WebhookSignatureException) {
            return problem(401, "invalid-signature", "Webhook signature not accepted",
                    e.getMessage() + "; nothing was stored", instance, List.of());
        }
        if (e instanceof ProblemException p) {
            return problem(p.status(), p.type(), p.title(), e.getMessage(), instance,
                    p.field() == null ? List.of() : List.of(new FieldError(p.field(), p.reason())));
        }
        if (e instanceof IdempotencyConflictException) {
            return problem(422, "idempotency-key-reused", "Idempotency-Key reused", e.getMessage(), instance,
                    List.of(new FieldError("Idempotency-Key", "was already used with a different request")));
        }
        if (e instanceof IllegalTransitionException t) {
            return problem(409, "illegal-transition", "Transition not allowed", t.getMessage(), instance,
                    List.of(new FieldError(t.dimension(), "cannot move from " + t.from() + " to " + t.to())));
        }
        if (e instanceof io.orderhub.channels.UnknownMappingException) {
            return problem(404, "mapping-not-found", "Mapping not found", e.getMessage(), instance, List.of());
        }
        if (e instanceof OrderNotFoundException) {
            return problem(404, "order-not-found", "Order not found", e.getMessage(), instance, List.of());
        }
        if (e instanceof StoreUnavailableException) {
            LOG.warn("store unavailable: {}", e.getMessage());
            return problem(503, "store-unavailable", "Store unavailable",
                    "The order was not stored; retry later with the same request.", instance, List.of());
        }
        String errorId = UUID.randomUUID().toString();
        LOG.error("unexpected error {}", errorId, e);
        return problem(500, "internal-error", "Internal error",
                "The request failed unexpectedly; the error id is " + errorId, instance, List.of());
    }

    /** A problem without field errors (the entry filters' 413 and 429). */
    public static Problem simple(int status, String type, String title, String detail, String instance) {
        return problem(status, type, title, detail, instance, List.of());
    }

    private static String describe(List<FieldError> errors) {
        return errors.size() == 1
                ? errors.get(0).field() + " " + errors.get(0).reason()
                : errors.size() + " fields are invalid";
    }

    private static Problem problem(int status, String type, String title, String detail, String instance,
                                   List<FieldError> errors) {
        ObjectNode p = CanonicalJson.mapper().createObjectNode();
        p.put("type", TYPE_PREFIX + type);
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        if (instance != null) {
            p.put("instance", instance);
        }
        if (!errors.isEmpty()) {
            ArrayNode list = p.putArray("errors");
            for (FieldError fe : errors) {
                list.addObject().put("field", fe.field()).put("reason", fe.reason());
            }
        }
        return new Problem(status, p.toString());
    }
}
