import { readFileSync } from 'node:fs';

/**
 * The custom elements manifest (`npm run build` writes dist/widget/custom-elements.json, served
 * at /custom-elements.json): generated from the elements' JSDoc, never written by hand.
 */
export default {
  globs: ['widget/**/*.ts'],
  // the resident app's page elements are not part of widget.js
  exclude: ['widget/generated/**', 'widget/app/**'],
  outdir: 'dist/widget',
  litelement: true,
  // package.json names the file once, as a path inside the package
  packagejson: false,
  plugins: [litInternalState(), sharedCustomProperties()],
};

/**
 * Lit's `static properties = { _x: { state: true } }` is internal state, not an attribute: the
 * analyzer lists it as a public attribute unless told.
 */
function litInternalState() {
  /** class name → names of its state properties */
  const states = new Map();
  return {
    name: 'lit-internal-state',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || member.name.getText() !== 'properties') continue;
        if (!member.initializer || !ts.isObjectLiteralExpression(member.initializer)) continue;
        const names = member.initializer.properties
          .filter((p) => ts.isPropertyAssignment(p) && /\bstate\s*:\s*true\b/.test(p.initializer.getText()))
          .map((p) => p.name.getText());
        states.set(node.name.getText(), new Set(names));
      }
    },
    moduleLinkPhase({ moduleDoc }) {
      for (const declaration of moduleDoc.declarations ?? []) {
        const internal = states.get(declaration.name);
        if (!internal) continue;
        declaration.attributes = (declaration.attributes ?? []).filter((a) => !internal.has(a.fieldName ?? a.name));
        for (const member of declaration.members ?? []) {
          if (!internal.has(member.name)) continue;
          member.privacy = 'private';
          delete member.attribute;
        }
        // `dispatchEvent(new SomeEvent())` is found without a name; the @event tags name them
        declaration.events = (declaration.events ?? []).filter((event) => event.name);
      }
    },
  };
}

/**
 * The --complaint-* properties every element takes are defined, and documented with @cssprop,
 * once in widget/shared/styles.ts: each element that uses those styles lists them too.
 */
function sharedCustomProperties() {
  const shared = [...readFileSync(new URL('./widget/shared/styles.ts', import.meta.url), 'utf8').matchAll(/@cssprop\s+(--[\w-]+)\s+-\s+(.+)/g)].map(
    ([, name, description]) => ({ name, description: description.trim() }),
  );
  return {
    name: 'shared-custom-properties',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        const source = readFileSync(new URL(`./${module.path}`, import.meta.url), 'utf8');
        if (!source.includes('baseStyles')) continue;
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          const own = declaration.cssProperties ?? [];
          declaration.cssProperties = [...own, ...shared.filter((p) => !own.some((o) => o.name === p.name))];
        }
      }
    },
  };
}
