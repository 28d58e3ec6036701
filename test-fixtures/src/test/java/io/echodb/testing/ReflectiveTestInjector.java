package io.echodb.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.lang.reflect.Field;
import java.util.function.Predicate;

/** Does what Quarkus' own test injector does: sets the first field of the test instance the predicate accepts. */
public final class ReflectiveTestInjector implements TestInjector {

    private final Object testInstance;

    public ReflectiveTestInjector(Object testInstance) {
        this.testInstance = testInstance;
    }

    @Override
    public void injectIntoFields(Object fieldValue, Predicate<Field> predicate) {
        for (Class<?> type = testInstance.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (predicate.test(field)) {
                    field.setAccessible(true);
                    try {
                        field.set(testInstance, fieldValue);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                    return;
                }
            }
        }
    }
}
