package io.orderhub.members;

import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStoreMembers;
import io.orderhub.stores.OldStoreMembers;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The member stores and the beans behind direct:member-write. */
@Configuration(proxyBeanMethods = false)
public class MembersConfiguration {

    @Bean
    public NewStoreMembers newStoreMembers(@Qualifier("newStoreDataSource") DataSource newStoreDataSource) {
        return new NewStoreMembers(newStoreDataSource);
    }

    @Bean
    public OldStoreMembers oldStoreMembers(@Qualifier("oldStoreDataSource") DataSource oldStoreDataSource,
                                           LegacyMapping mapping) {
        return new OldStoreMembers(oldStoreDataSource, mapping);
    }

    @Bean
    public MemberWrites memberWrites(NewStoreMembers newStoreMembers, LegacyMapping mapping,
                                     io.orderhub.cutover.CutoverState cutover) {
        return new MemberWrites(newStoreMembers, mapping, cutover::decide);
    }
}
