/** What the XML answers are made of: the same plain data the JSON answers are. */
export type XmlValue = string | number | boolean | null | undefined | readonly XmlValue[] | object;

/** Characters XML 1.0 cannot carry at all, even escaped (lone surrogates included). */
// eslint-disable-next-line no-control-regex -- naming the control characters XML allows is the point
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Text as element content: markup characters escaped, characters XML cannot hold dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#xD;');
}

function element(name: string, value: XmlValue, items: Readonly<Record<string, string>>): string {
  if (!NAME.test(name)) throw new Error(`"${name}" is not an XML element name`);
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = items[name];
    if (!item) throw new Error(`no element name for the items of <${name}>`);
    return `<${name}>${value.map((v: XmlValue) => element(item, v, items)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value as Record<string, XmlValue>).map(([key, v]) => element(key, v, items));
    return `<${name}>${children.join('')}</${name}>`;
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new Error(`<${name}> cannot hold a ${typeof value}`);
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * A document with `root` as its element. Objects become one child per key, in order; a list
 * becomes one child per item, named by `items` after the list (`services` → `service`);
 * null becomes an empty element.
 */
export function toXml(root: string, value: XmlValue, items: Readonly<Record<string, string>> = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, items)}\n`;
}
