package io.orderhub.e2e;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * Holds the secondary behind on purpose: the Camel routes consuming a sync queue
 * ({@code orderhub.sync.to-new} / {@code orderhub.sync.to-old}) are stopped through the route
 * controller, so changes pile up on the queue, and started again.
 */
public final class SyncConsumers {

    private final CamelContext camel;
    private final String queue;
    private List<String> stopped = List.of();

    public SyncConsumers(CamelContext camel, String queue) {
        this.camel = camel;
        this.queue = queue;
    }

    /** The ids of the routes that consume the queue (an endpoint URI naming it). */
    public List<String> routes() {
        return camel.getRoutes().stream()
                .filter(r -> r.getEndpoint().getEndpointUri().contains(queue))
                .map(Route::getRouteId).toList();
    }

    public void stop() throws Exception {
        List<String> ids = routes();
        if (ids.isEmpty()) {
            throw new AssertionError("no route consumes " + queue + " (routes: "
                    + camel.getRoutes().stream().map(r -> r.getRouteId() + "<-" + r.getEndpoint().getEndpointUri()).toList() + ")");
        }
        for (String id : ids) {
            camel.getRouteController().stopRoute(id);
        }
        stopped = ids;
    }

    public void start() throws Exception {
        for (String id : stopped) {
            camel.getRouteController().startRoute(id);
        }
        stopped = List.of();
    }
}
