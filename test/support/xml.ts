/**
 * A small, strict XML parser for checking the server's XML answers: elements, attributes, text,
 * the five named entities and character references, comments and the declaration. Anything
 * malformed — a tag closed out of order, a stray `<` or `&`, text after the root — throws.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** the element's own text, its children's left out */
  text: string;
}

const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`malformed XML at ${at}: ${why} (…${source.slice(Math.max(0, at - 20), at + 20)}…)`);
  };
  const skipSpace = () => {
    while (at < source.length && /\s/.test(source[at]!)) at += 1;
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);|&/g, (whole, entity: string | undefined) => {
      if (entity === undefined) return fail('a bare &');
      if (entity in ENTITIES) return ENTITIES[entity]!;
      const code = /^#x([0-9a-fA-F]+)$/.exec(entity)?.[1] ?? /^#([0-9]+)$/.exec(entity)?.[1];
      if (!code) return fail(`unknown entity &${entity};`);
      return String.fromCodePoint(entity.startsWith('#x') ? parseInt(code, 16) : parseInt(code, 10));
    });
  const name = (): string => {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (!match) return fail('a name was expected');
    at += match[0].length;
    return match[0];
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<?', at)) {
        const end = source.indexOf('?>', at);
        if (end < 0) fail('an unterminated declaration');
        at = end + 2;
      } else if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at);
        if (end < 0) fail('an unterminated comment');
        at = end + 3;
      } else return;
    }
  };
  const element = (): XmlElement => {
    if (source[at] !== '<') fail('an element was expected');
    at += 1;
    const node: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', at)) {
        at += 2;
        return node;
      }
      if (source[at] === '>') {
        at += 1;
        break;
      }
      const attribute = name();
      skipSpace();
      if (source[at] !== '=') fail('= was expected');
      at += 1;
      skipSpace();
      const quote = source[at];
      if (quote !== '"' && quote !== "'") return fail('a quoted value was expected');
      const end = source.indexOf(quote, at + 1);
      if (end < 0) fail('an unterminated attribute');
      node.attributes[attribute] = decode(source.slice(at + 1, end));
      at = end + 1;
    }
    for (;;) {
      const next = source.indexOf('<', at);
      if (next < 0) fail(`<${node.name}> is never closed`);
      node.text += decode(source.slice(at, next));
      at = next;
      if (source.startsWith('</', at)) {
        at += 2;
        const closing = name();
        if (closing !== node.name) fail(`</${closing}> closes <${node.name}>`);
        skipSpace();
        if (source[at] !== '>') fail('> was expected');
        at += 1;
        return node;
      }
      if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at);
        if (end < 0) fail('an unterminated comment');
        at = end + 3;
        continue;
      }
      node.children.push(element());
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (at !== source.length) fail('content after the root element');
  return root;
}

/**
 * An element as the plain data its JSON twin holds, every value a string: an element named in
 * `lists` is a list of its children (which must all be named as given), any other element with
 * children an object, and a leaf its text ('' when empty).
 */
export function xmlToPlain(node: XmlElement, lists: Readonly<Record<string, string>>): unknown {
  const item = lists[node.name];
  if (item !== undefined) {
    return node.children.map((child) => {
      if (child.name !== item) throw new Error(`<${node.name}> holds <${child.name}>, not <${item}>`);
      return xmlToPlain(child, lists);
    });
  }
  if (!node.children.length) return node.text;
  if (node.text.trim()) throw new Error(`<${node.name}> mixes text and elements`);
  const object: Record<string, unknown> = {};
  for (const child of node.children) {
    if (child.name in object) throw new Error(`<${node.name}> holds <${child.name}> twice`);
    object[child.name] = xmlToPlain(child, lists);
  }
  return object;
}

/** JSON as xmlToPlain gives XML: numbers and booleans as their text, null as ''. */
export function jsonToPlain(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(jsonToPlain);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonToPlain(v)]));
  return String(value);
}
