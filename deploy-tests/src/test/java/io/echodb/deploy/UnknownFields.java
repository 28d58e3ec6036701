package io.echodb.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields a manifest sets that the typed fabric8 model does not know (a typo such as
 * {@code readOnlyRootFileSystem}): fabric8 keeps them in each object's {@code additionalProperties} instead of
 * failing, where the API server's strict field validation would reject or drop them.
 */
final class UnknownFields {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {}

    /** Paths such as {@code spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem}. */
    static List<String> in(Object resource) {
        List<String> found = new ArrayList<>();
        walk(resource, "", found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]", found);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "[" + key + "]", found));
        } else if (isModel(value)) {
            for (Method getter : value.getClass().getMethods()) {
                if (isProperty(getter)) {
                    Object property = invoke(getter, value);
                    if (getter.getName().equals("getAdditionalProperties")) {
                        ((Map<?, ?>) property).keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
                    } else {
                        walk(property, join(path, propertyName(getter)), found);
                    }
                }
            }
        }
    }

    private static boolean isModel(Object value) {
        // A custom resource's content lives in additionalProperties by design: nothing to check there.
        return value != null
                && !(value instanceof GenericKubernetesResource)
                && value.getClass().getPackageName().startsWith(MODEL_PACKAGE);
    }

    private static boolean isProperty(Method method) {
        return method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers())
                && method.getDeclaringClass() != Object.class
                && (method.getName().startsWith("get") || method.getName().startsWith("is"));
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().substring(getter.getName().startsWith("is") ? 2 : 3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
