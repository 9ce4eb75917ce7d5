package io.tmsprovisioner.batch;

import org.springframework.batch.core.repository.JobRepository;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** A job repository that forwards every call to a real one, then shows the call's name and result to a hook. */
final class ObservedJobRepository {

    /** Runs after each forwarded call that returned; may block or count down, to stage a race. */
    @FunctionalInterface
    interface AfterCall {
        void returned(String method, Object result) throws Exception;
    }

    private ObservedJobRepository() {
    }

    static JobRepository of(JobRepository target, AfterCall afterCall) {
        return (JobRepository) Proxy.newProxyInstance(JobRepository.class.getClassLoader(),
                new Class<?>[]{JobRepository.class}, (proxy, called, args) -> {
                    Object result;
                    try {
                        result = called.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    afterCall.returned(called.getName(), result);
                    return result;
                });
    }
}
