"""deploy/k8s renders, validates offline against the real schemas, and means what it should.

- kustomize v5.5.0 renders the base and the production overlay (installed into
  .returners/tools/bin by deploy/k8s/validation/ensure-tools.sh when missing);
- every core object validates, strictly (unknown fields are errors), against the Kubernetes
  OpenAPI schemas the ``kubernetes-validate`` package ships, for KUBERNETES_VERSION;
- every Strimzi object validates against the CRD schemas that Strimzi's own generator makes
  from its API model (io.strimzi:api 0.45.0, generated offline by the same script), made strict
  the way the API server's strict field validation is;
- then the semantics: probes, resources and a non-root security context on every container;
  every setting the services' own Settings classes need, with secrets only from Secret
  references; autoscaling up to the partition count; the Kafka cluster's replication; one
  KafkaTopic per topic of contracts/topics.py; no secret value anywhere in the manifests.

A tool that cannot be installed fails the test with the reason; nothing is skipped.
"""

import copy
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import kubernetes_validate
import pytest
import yaml

from returners_platform.contracts.topics import ALL_TOPICS, PARTITIONS

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
ENSURE_TOOLS = K8S / "validation" / "ensure-tools.sh"
KUSTOMIZE = ROOT / ".returners" / "tools" / "bin" / "kustomize"
STRIMZI_CRDS = ROOT / ".returners" / "strimzi" / "0.45.0" / "crds"
README = K8S / "README.md"

KUBERNETES_VERSION = "1.31.0"  # shipped by kubernetes-validate; Strimzi 0.45 supports 1.25+
NAMESPACE = "returners"
TARGETS = ("base", "overlays/production")
STRIMZI_GROUP = "kafka.strimzi.io"
CREDENTIAL_URL = re.compile(r"://[^/\s:@]+:[^/\s@]+@")


# ---- tools and rendering -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def tools() -> None:
    """kustomize and the Strimzi CRDs, installed if missing; the reason if they cannot be."""
    try:
        result = subprocess.run(
            ["bash", str(ENSURE_TOOLS)], capture_output=True, text=True, timeout=1200, check=False
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{ENSURE_TOOLS.relative_to(ROOT)} took too long: {exc}")
    if result.returncode != 0:
        pytest.fail(
            f"cannot install the Kubernetes validation tools "
            f"({ENSURE_TOOLS.relative_to(ROOT)}):\n{result.stdout}\n{result.stderr}"
        )
    assert KUSTOMIZE.is_file()


def render(target: str) -> list[dict[str, Any]]:
    result = subprocess.run(
        [str(KUSTOMIZE), "build", str(K8S / target)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"kustomize build {target} failed:\n{result.stderr}"
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="session")
def rendered(tools: None) -> dict[str, list[dict[str, Any]]]:
    return {target: render(target) for target in TARGETS}


@pytest.fixture(scope="session", params=TARGETS)
def objects(request: pytest.FixtureRequest, rendered: dict[str, Any]) -> list[dict[str, Any]]:
    """The rendered objects of one kustomization (each test runs for base and production)."""
    docs: list[dict[str, Any]] = rendered[request.param]
    return docs


@pytest.fixture(scope="session")
def crd_schemas(tools: None) -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> the strict openAPIV3Schema of each served Strimzi version."""
    schemas = {}
    for path in sorted(STRIMZI_CRDS.glob("*-crd.yaml")):
        crd = yaml.safe_load(path.read_text())
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            if version.get("served"):
                schema = strict_schema(version["schema"]["openAPIV3Schema"])
                schemas[(f"{group}/{version['name']}", kind)] = schema
    assert {kind for _, kind in schemas} >= {"Kafka", "KafkaNodePool", "KafkaTopic"}
    return schemas


def strict_schema(schema: Any) -> Any:
    """Unknown fields become errors, as with the API server's strict field validation.

    A structural CRD schema lists every field; the server prunes (or, strictly, rejects)
    fields it does not list, except under x-kubernetes-preserve-unknown-fields.
    """
    if isinstance(schema, list):
        return [strict_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: strict_schema(value) for key, value in schema.items()}
    if (
        out.get("type") == "object"
        and isinstance(out.get("properties"), dict)
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


def of_kind(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def one(objects: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    (found,) = of_kind(objects, kind).values()
    return found


def strimzi(obj: dict[str, Any]) -> bool:
    return str(obj["apiVersion"]).startswith(f"{STRIMZI_GROUP}/")


def containers(deployment: dict[str, Any]) -> list[dict[str, Any]]:
    pod = deployment["spec"]["template"]["spec"]
    return [*pod.get("initContainers", []), *pod["containers"]]


def walk_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk_strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


# ---- schema validation -----------------------------------------------------------------------


def test_kustomize_renders_base_and_production(rendered: dict[str, Any]) -> None:
    for target, docs in rendered.items():
        kinds = {o["kind"] for o in docs}
        assert {"Namespace", "Deployment", "Service", "ConfigMap"} <= kinds, target
        assert {"HorizontalPodAutoscaler", "PodDisruptionBudget"} <= kinds, target
        assert {"Kafka", "KafkaNodePool", "KafkaTopic"} <= kinds, target


def test_core_objects_validate_strictly_against_kubernetes(objects: list[dict[str, Any]]) -> None:
    for obj in objects:
        if strimzi(obj):
            continue
        name = f"{obj['kind']}/{obj['metadata']['name']}"
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            path = ".".join(str(p) for p in exc.path)
            pytest.fail(f"{name} is invalid for Kubernetes {exc.version}: {path}: {exc.message}")
        except kubernetes_validate.SchemaNotFoundError as exc:
            pytest.fail(f"{name}: {exc.message}")


def test_strimzi_objects_validate_against_strimzi_crds(
    objects: list[dict[str, Any]], crd_schemas: dict[tuple[str, str], Any]
) -> None:
    custom = [o for o in objects if strimzi(o)]
    assert custom
    for obj in custom:
        key = (obj["apiVersion"], obj["kind"])
        assert key in crd_schemas, f"Strimzi 0.45 serves no {key}"
        errors = sorted(
            jsonschema.Draft7Validator(crd_schemas[key]).iter_errors(obj), key=lambda e: e.path
        )
        assert not errors, f"{obj['kind']}/{obj['metadata']['name']}: " + "; ".join(
            f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors
        )


def test_the_validators_reject_mistakes(
    rendered: dict[str, Any], crd_schemas: dict[tuple[str, str], Any]
) -> None:
    """The validation above has teeth: typical mistakes are caught."""
    docs = rendered["base"]
    deployment = copy.deepcopy(next(iter(of_kind(docs, "Deployment").values())))
    deployment["spec"]["template"]["spec"]["containers"][0]["readynessProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)
    hpa = copy.deepcopy(next(iter(of_kind(docs, "HorizontalPodAutoscaler").values())))
    hpa["spec"]["maxReplicas"] = "three"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(hpa, KUBERNETES_VERSION, strict=True)
    kafka = copy.deepcopy(one(docs, "Kafka"))
    kafka["spec"]["kafka"]["listners"] = kafka["spec"]["kafka"].pop("listeners")
    schema = crd_schemas[(kafka["apiVersion"], "Kafka")]
    assert list(jsonschema.Draft7Validator(schema).iter_errors(kafka))
    topic = copy.deepcopy(next(iter(of_kind(docs, "KafkaTopic").values())))
    topic["spec"]["partitions"] = "3"
    schema = crd_schemas[(topic["apiVersion"], "KafkaTopic")]
    assert list(jsonschema.Draft7Validator(schema).iter_errors(topic))


# ---- workloads -------------------------------------------------------------------------------


def test_every_object_lives_in_the_returners_namespace(objects: list[dict[str, Any]]) -> None:
    namespace = one(objects, "Namespace")
    assert namespace["metadata"]["name"] == NAMESPACE
    labels = namespace["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] in {"baseline", "restricted"}
    assert labels["pod-security.kubernetes.io/warn"] == "restricted"
    for obj in objects:
        if obj["kind"] != "Namespace":
            assert obj["metadata"].get("namespace") == NAMESPACE, obj["metadata"]["name"]


def test_every_process_is_a_deployment(contract: ModuleType, objects: list[dict[str, Any]]) -> None:
    assert set(of_kind(objects, "Deployment")) == {p.name for p in contract.PROCESSES}


def test_process_container_command_probes_and_ports(
    contract: ModuleType, proc: Any, objects: list[dict[str, Any]]
) -> None:
    deployment = of_kind(objects, "Deployment")[proc.name]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["python", "-m", proc.module]
    assert container["image"].split("/")[-1].split(":")[0] == proc.service
    settings = contract.settings_from_env(proc, container_env(objects, deployment, proc))
    port = settings.port if proc.http else settings.worker_metrics_port
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert port in ports.values(), f"{proc.name} listens on {port}"

    def probe(kind: str) -> tuple[str, int]:
        get = container[kind]["httpGet"]
        return get["path"], ports.get(get["port"], get["port"])

    if proc.http:
        assert probe("readinessProbe") == ("/readyz", port)
        assert probe("livenessProbe") == ("/healthz", port)
        assert probe("startupProbe") == ("/healthz", port)
    else:
        assert probe("readinessProbe") == ("/metrics", port)
        assert probe("livenessProbe") == ("/metrics", port)
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/port"] == str(port)


def test_every_container_has_probes_resources_and_runs_as_non_root(
    objects: list[dict[str, Any]],
) -> None:
    for name, deployment in of_kind(objects, "Deployment").items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] != 0, name
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", name
        assert pod["automountServiceAccountToken"] is False, name
        # Service links would inject e.g. REPORTING_PORT=tcp://..., read by the settings.
        assert pod["enableServiceLinks"] is False, name
        mounts = set()
        for container in containers(deployment):
            where = f"{name}/{container['name']}"
            for probe in ("readinessProbe", "livenessProbe"):
                assert probe in container, f"{where} has no {probe}"
            for bound in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(container["resources"][bound]), f"{where} {bound}"
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["capabilities"]["drop"] == ["ALL"], where
            mounts |= {m["mountPath"] for m in container.get("volumeMounts", [])}
        # Writable places on a read-only root: /tmp and the working directory (faust's data).
        assert {"/tmp", "/var/lib/returners"} <= mounts, name  # noqa: S108


def test_every_service_routes_to_a_deployment_port(objects: list[dict[str, Any]]) -> None:
    deployments = of_kind(objects, "Deployment")
    services = of_kind(objects, "Service")
    assert services
    for name, service in services.items():
        selector = service["spec"]["selector"]
        targets = [
            d
            for d in deployments.values()
            if selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert len(targets) == 1, f"Service {name} selects {len(targets)} deployments"
        (container,) = targets[0]["spec"]["template"]["spec"]["containers"]
        named = {p["name"]: p["containerPort"] for p in container["ports"]}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in named or port["targetPort"] in named.values(), name
            assert named.get(port["targetPort"], port["targetPort"]) == port["port"], name


# ---- settings and secrets ----------------------------------------------------------------------


def dummy_secret(secret: str, key: str, proc: Any) -> str:
    """What an operator's Secret would hold (tests/deploy only; never in the manifests)."""
    if key.endswith("url"):
        return f"postgresql://{proc.service}:pw-{secret}@postgres.example.internal/{proc.service}"
    if key == "port":
        return "587"
    if key == "host":
        return "smtp.example.internal"
    return f"{secret}.{key}.0123456789abcdef0123456789"


def container_env(
    objects: list[dict[str, Any]], deployment: dict[str, Any], proc: Any = None
) -> dict[str, str]:
    """The environment the container gets: ConfigMaps, values, Secrets (as dummies)."""
    config_maps = of_kind(objects, "ConfigMap")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        ref = source["configMapRef"]["name"]
        assert ref in config_maps, f"no ConfigMap {ref}"
        env.update(config_maps[ref]["data"])
    for var in container.get("env", []):
        if "value" in var:
            env[var["name"]] = var["value"]
        else:
            ref = var["valueFrom"]["secretKeyRef"]
            env[var["name"]] = dummy_secret(ref["name"], ref["key"], proc)
    return env


def secret_refs(deployment: dict[str, Any]) -> dict[str, dict[str, Any]]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return {
        var["name"]: var["valueFrom"]["secretKeyRef"]
        for var in container.get("env", [])
        if "secretKeyRef" in var.get("valueFrom", {})
    }


def test_process_environment_satisfies_its_settings(
    contract: ModuleType, proc: Any, objects: list[dict[str, Any]]
) -> None:
    deployment = of_kind(objects, "Deployment")[proc.name]
    env = container_env(objects, deployment, proc)
    missing = set(contract.required_env(proc)) - set(env)
    assert missing == set(), f"{proc.name} needs {sorted(missing)}"
    settings = contract.settings_from_env(proc, env)
    contract.check_production_settings(proc, settings)
    # Faust creates its own internal topics: as replicated as the cluster's defaults.
    if not proc.stateless:
        kafka_config = one(objects, "Kafka")["spec"]["kafka"]["config"]
        assert settings.kafka_replication_factor == kafka_config["default.replication.factor"]


def test_secrets_only_from_secret_references(
    contract: ModuleType, proc: Any, objects: list[dict[str, Any]]
) -> None:
    cls = proc.settings_class
    deployment = of_kind(objects, "Deployment")[proc.name]
    refs = secret_refs(deployment)
    for name in contract.sensitive_fields(cls):
        variable = contract.env_name(cls, name)
        if name in contract.required_settings(proc):
            assert variable in refs, f"{proc.name}: {variable} must come from a Secret"
        if variable in refs:
            # Only settings that may be absent (default None) may have an optional Secret key.
            optional = refs[variable].get("optional", False)
            assert not optional or contract.default_of(cls, name) is None, variable
    for config_map in of_kind(objects, "ConfigMap").values():
        for name in contract.sensitive_fields(cls):
            assert contract.env_name(cls, name) not in config_map.get("data", {})


def test_no_secret_values_in_the_manifests(objects: list[dict[str, Any]]) -> None:
    assert of_kind(objects, "Secret") == {}, "Secrets are created by operators, never committed"
    for obj in objects:
        where = f"{obj['kind']}/{obj['metadata']['name']}"
        for path, value in walk_strings(obj):
            assert not CREDENTIAL_URL.search(value), f"{where}{path} holds a credential"
        if obj["kind"] == "Deployment":
            for container in containers(obj):
                for var in container.get("env", []):
                    if re.search(r"(TOKEN|SECRET|KEY|PASSWORD|DATABASE_URL)$", var["name"]):
                        assert "valueFrom" in var, f"{where}: {var['name']} is a literal"
        if obj["kind"] == "ConfigMap":
            for key in obj.get("data", {}):
                assert not re.search(r"(TOKEN|SECRET|KEY|PASSWORD)$", key), f"{where}: {key}"


def documented_secrets() -> dict[str, set[str]]:
    """Secret name -> keys, from the `kubectl create secret generic` commands of the README."""
    text = README.read_text().replace("\\\n", " ")
    documented: dict[str, set[str]] = {}
    for line in text.splitlines():
        match = re.search(r"create secret generic ([a-z0-9-]+)(.*)", line)
        if match:
            keys = set(re.findall(r"--from-literal=([A-Za-z0-9_.-]+)=", match.group(2)))
            documented.setdefault(match.group(1), set()).update(keys)
    return documented


def test_every_secret_reference_is_documented(objects: list[dict[str, Any]]) -> None:
    documented = documented_secrets()
    assert documented, f"{README.relative_to(ROOT)} documents `kubectl create secret generic`"
    for name, deployment in of_kind(objects, "Deployment").items():
        for variable, ref in secret_refs(deployment).items():
            assert ref["key"] in documented.get(ref["name"], set()), (
                f"{name}: {variable} reads {ref['name']}/{ref['key']}, which "
                f"{README.relative_to(ROOT)} does not tell operators to create"
            )


def test_addresses_point_at_objects_of_the_cluster(
    contract: ModuleType, proc: Any, objects: list[dict[str, Any]]
) -> None:
    deployment = of_kind(objects, "Deployment")[proc.name]
    settings = contract.settings_from_env(proc, container_env(objects, deployment, proc))
    kafka = one(objects, "Kafka")
    plain = next(
        listener
        for listener in kafka["spec"]["kafka"]["listeners"]
        if listener["type"] == "internal" and not listener["tls"]
    )
    bootstrap = f"{kafka['metadata']['name']}-kafka-bootstrap:{plain['port']}"
    if not proc.stateless:
        assert settings.kafka_bootstrap_servers == bootstrap
    services = {name: s["spec"]["ports"] for name, s in of_kind(objects, "Service").items()}
    refs = secret_refs(deployment)
    for name in contract.loopback_defaults(proc.settings_class) - set(proc.not_used):
        if name in {"host", "database_url", "kafka_bootstrap_servers"}:
            continue
        if name == "portal_url":  # where applicants' browsers reach the portal (the ingress)
            continue
        if contract.env_name(proc.settings_class, name) in refs:
            continue  # an external address the operator provides (SMTP relay)
        values = getattr(settings, name)
        for address in values.values() if isinstance(values, dict) else [values]:
            parts = urlsplit(str(address))
            assert parts.hostname in services, f"{proc.name}.{name}: {address}"
            assert parts.port in {p["port"] for p in services[parts.hostname]}, address


# ---- scaling and disruption --------------------------------------------------------------------


def autoscalers(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Deployment name -> its HorizontalPodAutoscaler."""
    hpas = of_kind(objects, "HorizontalPodAutoscaler").values()
    return {h["spec"]["scaleTargetRef"]["name"]: h for h in hpas}


def test_consumers_scale_up_to_the_partition_count(
    contract: ModuleType, objects: list[dict[str, Any]]
) -> None:
    deployments = of_kind(objects, "Deployment")
    hpas = autoscalers(objects)
    assert set(hpas) == {p.name for p in contract.PROCESSES if p.autoscaled}
    assert {topic.partitions for topic in ALL_TOPICS} == {PARTITIONS}
    for name, hpa in hpas.items():
        spec = hpa["spec"]
        assert spec["scaleTargetRef"]["kind"] == "Deployment"
        # One consumer per partition per group: replicas beyond the partitions would idle.
        assert spec["maxReplicas"] == PARTITIONS, name
        assert 1 <= spec["minReplicas"] <= spec["maxReplicas"], name
        assert spec["metrics"], name
        assert "replicas" not in deployments[name]["spec"], f"{name}: the HPA owns the count"
    for proc in contract.PROCESSES:
        if not proc.autoscaled:
            assert 1 <= deployments[proc.name]["spec"]["replicas"] <= PARTITIONS, proc.name


def test_every_deployment_has_a_disruption_budget(objects: list[dict[str, Any]]) -> None:
    deployments = of_kind(objects, "Deployment")
    hpas = autoscalers(objects)
    budgets = of_kind(objects, "PodDisruptionBudget")
    for name, deployment in deployments.items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        matching = [
            b
            for b in budgets.values()
            if b["spec"]["selector"]["matchLabels"].items() <= labels.items()
        ]
        assert len(matching) == 1, f"{name} has {len(matching)} disruption budgets"
        spec = matching[0]["spec"]
        fewest = (
            hpas[name]["spec"]["minReplicas"] if name in hpas else deployment["spec"]["replicas"]
        )
        if "minAvailable" in spec:  # never blocks a node drain outright
            assert spec["minAvailable"] < fewest, name
        else:
            assert spec["maxUnavailable"] >= 1, name


# ---- Kafka ------------------------------------------------------------------------------------


def test_kafka_is_a_replicated_kraft_cluster(objects: list[dict[str, Any]]) -> None:
    kafka = one(objects, "Kafka")
    annotations = kafka["metadata"]["annotations"]
    assert annotations["strimzi.io/kraft"] == "enabled"
    assert annotations["strimzi.io/node-pools"] == "enabled"
    config = kafka["spec"]["kafka"]["config"]
    assert config["default.replication.factor"] == 3
    assert config["min.insync.replicas"] == 2
    assert config["offsets.topic.replication.factor"] == 3
    assert config["transaction.state.log.replication.factor"] == 3
    assert config["transaction.state.log.min.isr"] == 2
    assert config["auto.create.topics.enable"] is False
    assert "topicOperator" in kafka["spec"]["entityOperator"], "KafkaTopics need the operator"
    pools = of_kind(objects, "KafkaNodePool")
    assert pools
    for pool in pools.values():
        assert pool["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
    brokers = sum(p["spec"]["replicas"] for p in pools.values() if "broker" in p["spec"]["roles"])
    controllers = sum(
        p["spec"]["replicas"] for p in pools.values() if "controller" in p["spec"]["roles"]
    )
    assert brokers == 3
    assert controllers == 3, "a KRaft quorum of three survives one controller down"


def test_every_contract_topic_is_a_kafka_topic(objects: list[dict[str, Any]]) -> None:
    kafka = one(objects, "Kafka")
    topics = {t["spec"]["topicName"]: t for t in of_kind(objects, "KafkaTopic").values()}
    assert set(topics) == {topic.name for topic in ALL_TOPICS}
    min_isr = kafka["spec"]["kafka"]["config"]["min.insync.replicas"]
    for topic in ALL_TOPICS:
        resource = topics[topic.name]
        assert resource["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
        assert resource["spec"]["partitions"] == topic.partitions, topic.name
        assert resource["spec"]["replicas"] == 3, topic.name
        assert int(resource["spec"]["config"].get("min.insync.replicas", min_isr)) == 2
        assert resource["spec"]["config"]["retention.ms"] == "-1", "reporting rebuilds from it"


def test_production_overlay_pins_images_from_a_registry(rendered: dict[str, Any]) -> None:
    for name, deployment in of_kind(rendered["overlays/production"], "Deployment").items():
        for container in containers(deployment):
            image = container["image"]
            repository, _, tag = image.rpartition(":")
            registry = repository.split("/")[0] if "/" in repository else ""
            assert "." in registry, f"{name}: {image} names no registry"
            assert tag not in {"", "latest"}, f"{name}: pin a release, not {image}"
