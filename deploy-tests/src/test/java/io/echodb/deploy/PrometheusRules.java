package io.echodb.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/** The rules of a {@code monitoring.coreos.com/v1} PrometheusRule: {@code spec.groups[].rules[]}. */
final class PrometheusRules {

    private PrometheusRules() {}

    static List<Map<String, Object>> of(GenericKubernetesResource rule) {
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        return groups.stream()
                .flatMap(group -> PrometheusRules.<List<Map<String, Object>>>field(group, "rules").stream())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Map<String, Object> map, String key) {
        return (T) map.get(key);
    }
}
