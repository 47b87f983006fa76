package io.foresight.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks the Kubernetes manifests under config/kubernetes without a cluster. Each API object is validated against
 * the Kubernetes API's schemas by {@code scripts/kubernetes-validate/validate.mjs} (the npm package
 * kubernetes-models: types, enums, required fields; installed by {@code scripts/install-test-tools.sh}). What a
 * schema cannot see is checked here: that every apiVersion/kind is one a current cluster serves, that names refer
 * to things that exist (volumes, claims, ConfigMaps and their keys, container ports, selectors, $(VAR)s), and what
 * the deployment needs (two replicas on one ReadWriteMany claim, probes on the management port, ND4J's memory caps,
 * the Spark job's class, jar and data directory).
 */
class KubernetesManifestsTest {

    private static final String DIR = "config/kubernetes";
    private static final String MANAGEMENT_PORT = "8081";
    private static final String API_PORT = "8080";
    private static final String DATA_DIR = "/data";
    private static final String SPARK_MAIN_CLASS = "io.foresight.spark.ManyModelsJob";

    /** apiVersion/kind pairs of current Kubernetes (no removed beta versions such as batch/v1beta1 CronJob). */
    private static final Set<String> KNOWN_KINDS = Set.of(
            "v1/ConfigMap", "v1/Secret", "v1/Service", "v1/PersistentVolumeClaim", "v1/ServiceAccount", "v1/Namespace",
            "apps/v1/Deployment", "apps/v1/StatefulSet", "batch/v1/CronJob", "batch/v1/Job",
            "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/RoleBinding",
            "networking.k8s.io/v1/Ingress", "policy/v1/PodDisruptionBudget");

    /** Secrets the operator creates by hand (deployment.yaml says how); every other reference must resolve here. */
    private static final Set<String> EXTERNAL_SECRETS = Set.of("foresight-api-key");

    /** The fields of a Kubernetes container (core/v1 Container): a misspelt field is silently ignored by the API. */
    private static final Set<String> CONTAINER_FIELDS = Set.of("name", "image", "imagePullPolicy", "command", "args",
            "workingDir", "ports", "env", "envFrom", "resources", "resizePolicy", "restartPolicy", "volumeMounts",
            "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
            "terminationMessagePolicy", "securityContext", "stdin", "stdinOnce", "tty");

    private final Path root = PackagingTools.projectRoot();
    private final Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
    private final List<Path> manifestFiles = new ArrayList<>();

    @BeforeEach
    @SuppressWarnings("unchecked")
    void loadManifests() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(DIR))) {
            files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(manifestFiles::add);
        }
        for (Path file : manifestFiles) {
            for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                if (doc == null) {
                    continue;
                }
                Map<String, Object> object = (Map<String, Object>) doc;
                String key = object.get("kind") + "/" + name(object);
                assertThat(objects).as("%s is defined once", key).doesNotContainKey(key);
                objects.put(key, object);
            }
        }
        assertThat(objects).as("manifests in %s", DIR).isNotEmpty();
    }

    @Test
    void everyObjectIsValidAgainstTheKubernetesSchemas() {
        List<String> args = new ArrayList<>(List.of("scripts/kubernetes-validate/validate.mjs"));
        manifestFiles.forEach(f -> args.add(root.relativize(f).toString()));
        assertThat(root.resolve("scripts/kubernetes-validate/node_modules/kubernetes-models"))
                .as("kubernetes-models is not installed: " + PackagingTools.INSTALL_HINT)
                .isDirectory();

        PackagingTools.ToolResult result = PackagingTools.run(root, "node", args.toArray(String[]::new));

        long apiObjects = objects.values().stream().filter(o -> !isKustomization(o)).count();
        assertThat(result.exitCode()).as("validate.mjs:%n%s%s", result.stdout(), result.stderr()).isZero();
        assertThat(result.stdout()).as("every API object was validated").contains(apiObjects + " valid, 0 invalid");
    }

    @Test
    void everyApiVersionAndKindIsACurrentBuiltInOne() {
        objects.values().stream().filter(o -> !isKustomization(o)).forEach(object -> assertThat(KNOWN_KINDS)
                .as("apiVersion/kind of %s", name(object))
                .contains(object.get("apiVersion") + "/" + object.get("kind")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKustomizationListsEveryManifest() {
        Map<String, Object> kustomization = objects.values().stream().filter(KubernetesManifestsTest::isKustomization)
                .findFirst().orElseThrow(() -> new AssertionError("no kustomization.yaml in " + DIR));
        Set<String> listed = new LinkedHashSet<>((List<String>) kustomization.get("resources"));
        Set<String> present = new LinkedHashSet<>();
        manifestFiles.stream().map(f -> f.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")).forEach(present::add);
        assertThat(listed).as("resources of kustomization.yaml").isEqualTo(present);
    }

    @Test
    void everyReferenceResolves() {
        for (Map<String, Object> object : objects.values()) {
            Map<String, Object> pod = podSpec(object);
            if (pod != null) {
                checkPod(object.get("kind") + " " + name(object), pod);
            }
        }
        for (Map<String, Object> service : ofKind("Service")) {
            Map<String, Object> selector = map(map(service, "spec"), "selector");
            List<Map<String, Object>> selected = ofKind("Deployment").stream()
                    .filter(d -> labels(map(map(map(d, "spec"), "template"), "metadata")).entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected).as("Deployments whose pods Service %s selects", name(service)).isNotEmpty();
            for (Map<String, Object> port : list(map(service, "spec"), "ports")) {
                Object target = port.get("targetPort");
                Set<Object> containerPorts = new LinkedHashSet<>();
                for (Map<String, Object> deployment : selected) {
                    for (Map<String, Object> container : list(podSpec(deployment), "containers")) {
                        for (Map<String, Object> p : list(container, "ports")) {
                            containerPorts.add(p.get("name"));
                            containerPorts.add(p.get("containerPort"));
                        }
                    }
                }
                assertThat(containerPorts).as("targetPort %s of Service %s is a container port", target, name(service)).contains(target);
            }
        }
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            Map<String, Object> spec = map(deployment, "spec");
            assertThat(labels(map(map(spec, "template"), "metadata")))
                    .as("the pods of Deployment %s carry its selector's labels", name(deployment))
                    .containsAllEntriesOf(map(map(spec, "selector"), "matchLabels"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoReplicasShareOneReadWriteManyClaimAndAreProbedOnTheManagementPort() {
        List<Map<String, Object>> claims = ofKind("PersistentVolumeClaim");
        assertThat(claims).hasSize(1);
        Map<String, Object> claim = claims.get(0);
        assertThat((List<String>) map(claim, "spec").get("accessModes")).as("access modes of the shared claim").containsExactly("ReadWriteMany");

        Map<String, Object> deployment = one("Deployment", "foresight");
        assertThat(map(deployment, "spec").get("replicas")).isEqualTo(2);
        Map<String, Object> pod = podSpec(deployment);
        assertThat(claimAt(pod, DATA_DIR)).as("the claim mounted at %s", DATA_DIR).isEqualTo(name(claim));

        Map<String, Object> container = list(pod, "containers").get(0);
        Map<String, String> ports = new LinkedHashMap<>();
        list(container, "ports").forEach(p -> ports.put(String.valueOf(p.get("name")), String.valueOf(p.get("containerPort"))));
        assertThat(ports).containsEntry("http", API_PORT).containsEntry("management", MANAGEMENT_PORT);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> get = map(map(container, probe), "httpGet");
            assertThat(get).as("%s is an HTTP GET", probe).isNotNull();
            assertThat(ports.getOrDefault(String.valueOf(get.get("port")), String.valueOf(get.get("port"))))
                    .as("%s's port", probe).isEqualTo(MANAGEMENT_PORT);
            assertThat(String.valueOf(get.get("path"))).as("%s's path", probe).startsWith("/actuator/health");
        }

        Map<String, String> env = env(container);
        assertThat(env).containsEntry("FORESIGHT_DATA_DIR", DATA_DIR).containsEntry("OMP_NUM_THREADS", "1");
        String javaOptions = env.get("JAVA_TOOL_OPTIONS");
        assertThat(javaOptions).as("JAVA_TOOL_OPTIONS").contains("-XX:MaxRAMPercentage=", "-Dorg.bytedeco.javacpp.maxbytes=",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=", "-Dorg.bytedeco.javacpp.cachedir=");
        String cacheDir = javaOptions.replaceAll("(?s).*-Dorg\\.bytedeco\\.javacpp\\.cachedir=(\\S+).*", "$1");
        assertThat(volumeAt(pod, cacheDir)).as("JavaCPP's cache dir %s is on a volume of its own pod", cacheDir).containsKey("emptyDir");

        Map<String, Object> resources = map(container, "resources");
        assertThat(map(resources, "limits")).as("limits").containsKeys("memory", "cpu");
        assertThat(map(resources, "requests").get("memory")).as("memory request equals the limit the caps derive from")
                .isEqualTo(map(resources, "limits").get("memory"));
        assertThat(map(pod, "securityContext").get("runAsUser")).as("the Dockerfile's user").isEqualTo(10001);
    }

    @Test
    void theConfigMapHoldsConfigApplicationYml() throws IOException {
        Map<String, Object> configMap = one("ConfigMap", "foresight-config");
        assertThat(map(configMap, "data").get("application.yml"))
                .as("configmap.yaml's application.yml is config/application.yml")
                .isEqualTo(PackagingTools.read(root, "config/application.yml"));
        assertThat(volumeAt(podSpec(one("Deployment", "foresight")), "/app/config"))
                .as("mounted where Spring Boot reads ./config/application.yml").containsKey("configMap");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNightlyCronJobRunsTheSparkJobIntoTheSharedRegistry() throws IOException {
        Map<String, Object> cronJob = one("CronJob", "foresight-spark-nightly");
        assertThat(String.valueOf(map(cronJob, "spec").get("schedule"))).as("schedule").matches("(\\S+\\s+){4}\\S+");
        assertThat(map(cronJob, "spec").get("concurrencyPolicy")).as("no two runs at once").isEqualTo("Forbid");
        Map<String, Object> pod = podSpec(cronJob);
        assertThat(claimAt(pod, DATA_DIR)).as("the Spark job mounts the service's claim")
                .isEqualTo(claimAt(podSpec(one("Deployment", "foresight")), DATA_DIR));

        Map<String, Object> container = list(pod, "containers").get(0);
        List<String> command = new ArrayList<>((List<String>) container.getOrDefault("command", List.of()));
        command.addAll((List<String>) container.getOrDefault("args", List.of()));
        assertThat(command.get(0)).endsWith("spark-submit");
        assertThat(after(command, "--class")).isEqualTo(SPARK_MAIN_CLASS);
        assertThat(after(command, "--data-dir")).as("the job commits into the mounted data dir").isEqualTo(DATA_DIR);
        assertThat(command).contains("--input", "--id-columns", "--timestamp", "--target", "--horizon", "--model");
        assertThat(command).contains("spark.sql.adaptive.coalescePartitions.enabled=false");
        assertThat(env(container)).containsEntry("OMP_NUM_THREADS", "1");

        String dockerfile = PackagingTools.read(root, DIR + "/spark-job.Dockerfile");
        Matcher copy = Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*spark/target/foresight-spark\\.jar\\s+(\\S+)$").matcher(dockerfile);
        assertThat(copy.find()).as("spark-job.Dockerfile copies spark/target/foresight-spark.jar").isTrue();
        assertThat(command).as("spark-submit runs the jar where the image has it").contains(copy.group(1));

        // The Spark image must be the Spark version the job is built against (spark/pom.xml, once the job exists there).
        Path sparkPom = root.resolve("spark/pom.xml");
        if (Files.isRegularFile(sparkPom)) {
            Matcher version = Pattern.compile("<spark\\.version>([^<]+)</spark\\.version>").matcher(Files.readString(sparkPom));
            assertThat(version.find()).as("spark.version in spark/pom.xml").isTrue();
            assertThat(dockerfile).as("spark-job.Dockerfile's Spark image").contains("ARG SPARK_IMAGE=apache/spark:" + version.group(1) + "\n");
        }
    }

    // ---------------------------------------------------------------------------------------------- references

    @SuppressWarnings("unchecked")
    private void checkPod(String owner, Map<String, Object> pod) {
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        list(pod, "volumes").forEach(v -> volumes.put(String.valueOf(v.get("name")), v));
        for (Map<String, Object> volume : volumes.values()) {
            Map<String, Object> claim = map(volume, "persistentVolumeClaim");
            if (claim != null) {
                assertThat(objects).as("%s: volume %s's claim", owner, volume.get("name"))
                        .containsKey("PersistentVolumeClaim/" + claim.get("claimName"));
            }
            Map<String, Object> configMap = map(volume, "configMap");
            if (configMap != null) {
                Map<String, Object> data = configMapData(owner, String.valueOf(configMap.get("name")));
                list(configMap, "items").forEach(item -> assertThat(data).as("%s: key of ConfigMap %s", owner, configMap.get("name"))
                        .containsKey(String.valueOf(item.get("key"))));
            }
        }
        List<Map<String, Object>> containers = new ArrayList<>(list(pod, "containers"));
        containers.addAll(list(pod, "initContainers"));
        assertThat(containers).as("%s: containers", owner).isNotEmpty();
        for (Map<String, Object> container : containers) {
            String where = owner + " container " + container.get("name");
            assertThat(CONTAINER_FIELDS).as("%s: fields", where).containsAll(container.keySet());
            assertThat(String.valueOf(container.get("image"))).as("%s: image", where).matches("[\\w./-]+:[\\w.-]+");
            list(container, "volumeMounts").forEach(mount -> assertThat(volumes)
                    .as("%s: volume of the mount at %s", where, mount.get("mountPath")).containsKey(String.valueOf(mount.get("name"))));

            Set<Object> portNames = new LinkedHashSet<>();
            list(container, "ports").forEach(p -> portNames.add(p.get("name")));
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                Map<String, Object> get = map(map(container, probe), "httpGet");
                if (get != null && get.get("port") instanceof String named) {
                    assertThat(portNames).as("%s: %s's port", where, probe).contains(named);
                }
            }

            Set<String> variables = new LinkedHashSet<>();
            for (Map<String, Object> var : list(container, "env")) {
                variables.add(String.valueOf(var.get("name")));
                Map<String, Object> from = map(var, "valueFrom");
                Map<String, Object> configKey = map(from, "configMapKeyRef");
                if (configKey != null) {
                    assertThat(configMapData(where, String.valueOf(configKey.get("name")))).containsKey(String.valueOf(configKey.get("key")));
                }
                Map<String, Object> secretKey = map(from, "secretKeyRef");
                if (secretKey != null && !objects.containsKey("Secret/" + secretKey.get("name"))) {
                    assertThat(EXTERNAL_SECRETS).as("%s: Secret %s (not in the manifests)", where, secretKey.get("name"))
                            .contains(String.valueOf(secretKey.get("name")));
                }
            }
            for (Map<String, Object> from : list(container, "envFrom")) {
                Map<String, Object> ref = map(from, "configMapRef");
                if (ref != null) {
                    variables.addAll(configMapData(where, String.valueOf(ref.get("name"))).keySet());
                }
            }
            List<Object> words = new ArrayList<>((List<Object>) container.getOrDefault("command", List.of()));
            words.addAll((List<Object>) container.getOrDefault("args", List.of()));
            for (Object word : words) {
                Matcher var = Pattern.compile("\\$\\((\\w+)\\)").matcher(String.valueOf(word));
                while (var.find()) {
                    assertThat(variables).as("%s: $(%s) in its command is defined", where, var.group(1)).contains(var.group(1));
                }
            }
        }
    }

    private Map<String, Object> configMapData(String owner, String name) {
        Map<String, Object> configMap = objects.get("ConfigMap/" + name);
        assertThat(configMap).as("%s: ConfigMap %s exists", owner, name).isNotNull();
        return map(configMap, "data");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private List<Map<String, Object>> ofKind(String kind) {
        return objects.values().stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private Map<String, Object> one(String kind, String name) {
        Map<String, Object> object = objects.get(kind + "/" + name);
        assertThat(object).as("%s %s in %s", kind, name, DIR).isNotNull();
        return object;
    }

    private static boolean isKustomization(Map<String, Object> object) {
        return String.valueOf(object.get("apiVersion")).startsWith("kustomize.config.k8s.io/");
    }

    private static String name(Map<String, Object> object) {
        Map<String, Object> metadata = map(object, "metadata");
        return metadata == null ? String.valueOf(object.get("kind")) : String.valueOf(metadata.get("name"));
    }

    private static Map<String, Object> labels(Map<String, Object> metadata) {
        Map<String, Object> labels = map(metadata, "labels");
        return labels == null ? Map.of() : labels;
    }

    /** The pod spec of a Deployment, StatefulSet, Job or CronJob; null for other kinds. */
    private static Map<String, Object> podSpec(Map<String, Object> object) {
        Map<String, Object> spec = map(object, "spec");
        return switch (String.valueOf(object.get("kind"))) {
            case "Deployment", "StatefulSet", "Job" -> map(map(spec, "template"), "spec");
            case "CronJob" -> map(map(map(map(spec, "jobTemplate"), "spec"), "template"), "spec");
            default -> null;
        };
    }

    /** The volume mounted at {@code path} (or at a parent of it) in the pod's first container. */
    private static Map<String, Object> volumeAt(Map<String, Object> pod, String path) {
        Map<String, Object> container = list(pod, "containers").get(0);
        Map<String, Object> mount = list(container, "volumeMounts").stream()
                .filter(m -> path.equals(m.get("mountPath")) || path.startsWith(m.get("mountPath") + "/"))
                .findFirst().orElseThrow(() -> new AssertionError("nothing is mounted at " + path));
        return list(pod, "volumes").stream().filter(v -> v.get("name").equals(mount.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + mount.get("name")));
    }

    private static String claimAt(Map<String, Object> pod, String path) {
        Map<String, Object> claim = map(volumeAt(pod, path), "persistentVolumeClaim");
        return claim == null ? null : String.valueOf(claim.get("claimName"));
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        list(container, "env").stream().filter(v -> v.containsKey("value"))
                .forEach(v -> env.put(String.valueOf(v.get("name")), String.valueOf(v.get("value"))));
        return env;
    }

    private static String after(List<String> words, String flag) {
        int i = words.indexOf(flag);
        assertThat(i).as("%s in %s", flag, words).isNotNegative().isLessThan(words.size() - 1);
        return words.get(i + 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return parent == null ? null : (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
