package io.orderhub.soap;

import io.orderhub.soap.legacycrm.LegacyCrm;
import io.orderhub.stores.OldStore;
import io.orderhub.stores.LegacyMapping;
import javax.sql.DataSource;
import org.apache.cxf.endpoint.Server;

/**
 * The legacy CRM simulator under its old name. The CRM itself is {@link LegacyCrm}, which shares no
 * code with the hub; this class only keeps the entry points callers already use.
 */
public class LegacyCrmSimulator extends LegacyCrm {

    public LegacyCrmSimulator(DataSource legacyDatabase) {
        super(legacyDatabase);
    }

    /**
     * Serves the legacy CRM over the old store's database; the store and mapping objects are not
     * used beyond that, so nothing of the hub's mapping reaches the simulator.
     *
     * @deprecated call {@link LegacyCrm#start(int, DataSource)} with the legacy database
     */
    @Deprecated
    public static Server start(int port, OldStore store, LegacyMapping mapping) {
        return LegacyCrm.start(port, store.dataSource());
    }
}
