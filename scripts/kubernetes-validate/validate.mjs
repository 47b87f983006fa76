// Validates Kubernetes manifests offline against the OpenAPI schemas of the Kubernetes API that the npm
// package kubernetes-models bundles (compiled Ajv validators): every document's apiVersion/kind must be a
// built-in resource, and its fields must have the schema's types, enums and required properties.
//   node scripts/kubernetes-validate/validate.mjs config/kubernetes/*.yaml
// Prints one line per document, "ok" or what is wrong, and exits 1 if any document is invalid.
// Kustomization files (kustomize.config.k8s.io) are not API resources and are skipped here
// (KubernetesManifestsTest checks them). Installed by scripts/install-test-tools.sh (npm ci).
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs MANIFEST.yaml...");
  process.exit(2);
}

let invalid = 0;
let checked = 0;
for (const file of files) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [index, doc] of docs.entries()) {
    const where = `${file}#${index + 1}`;
    if (doc.errors.length > 0) {
      console.log(`${where}: YAML error: ${doc.errors.map((e) => e.message).join("; ")}`);
      invalid++;
      continue;
    }
    const object = doc.toJS();
    if (object === null || object === undefined) {
      continue;
    }
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      console.log(`${where}: apiVersion and kind must be strings (got ${apiVersion}, ${kind})`);
      invalid++;
      continue;
    }
    if (apiVersion.startsWith("kustomize.config.k8s.io/")) {
      console.log(`${where}: ${kind} skipped (not an API resource)`);
      continue;
    }
    if (!/^[a-z0-9.]+(\/v[0-9a-z]+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
      console.log(`${where}: unknown apiVersion/kind ${apiVersion} ${kind}`);
      invalid++;
      continue;
    }
    let Model;
    try {
      Model = (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
    } catch (e) {
      Model = undefined;
    }
    if (typeof Model !== "function") {
      console.log(`${where}: unknown apiVersion/kind ${apiVersion} ${kind} (not a built-in resource)`);
      invalid++;
      continue;
    }
    try {
      new Model(object).validate();
      checked++;
      console.log(`${where}: ok ${apiVersion} ${kind} ${object.metadata?.name ?? ""}`);
    } catch (e) {
      console.log(`${where}: invalid ${apiVersion} ${kind} ${object.metadata?.name ?? ""}: ${e.message}`);
      invalid++;
    }
  }
}
console.log(`${checked} valid, ${invalid} invalid`);
process.exit(invalid > 0 ? 1 : 0);
