package io.tmsprovisioner.batch;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.util.Locale;

/**
 * H2 flushes a file database up to half a second after a commit: a run killed in that window loses
 * committed outcomes and attempt notes, and the resumed run could then create keys twice. Every H2
 * file URL, wherever it was configured, gets {@code WRITE_DELAY=0} unless it sets its own.
 */
public class H2Durability implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null) {
            dataSource.setJdbcUrl(durable(dataSource.getJdbcUrl()));
        }
        return bean;
    }

    static String durable(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        boolean h2File = lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:")
                && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
        return h2File && !lower.contains("write_delay") ? url + ";WRITE_DELAY=0" : url;
    }
}
