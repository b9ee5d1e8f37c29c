package io.orderhub.reads;

import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStoreOrderReader;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import io.orderhub.stores.OldStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans behind the read routes (routes/platform/order-reads.camel.yaml) and the REST queries. */
@Configuration(proxyBeanMethods = false)
public class ReadsConfiguration {

    @Bean
    public OldStoreOrderReader oldStoreOrderReader(@Qualifier("oldStoreDataSource") DataSource oldStoreDataSource,
                                                   LegacyMapping legacyMapping) {
        return new OldStoreOrderReader(oldStoreDataSource, legacyMapping);
    }

    @Bean
    public OrderReads orderReads(NewStore newStore, OldStoreOrderReader oldStoreOrderReader,
                                 io.orderhub.cutover.CutoverState cutover,
                                 io.orderhub.cutover.ShadowReads shadowReads) {
        return new OrderReads(newStore, oldStoreOrderReader, cutover::decide, shadowReads);
    }

    @Bean
    public MemberReads memberReads(OldStore oldStore, io.orderhub.stores.NewStoreMembers newStoreMembers,
                                   io.orderhub.cutover.CutoverState cutover,
                                   io.orderhub.cutover.ShadowReads shadowReads) {
        return new MemberReads(oldStore, newStoreMembers, cutover::decide, shadowReads);
    }

    @Bean
    public OrderQueries orderQueries() {
        return new OrderQueries();
    }
}
