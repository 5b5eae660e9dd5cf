import { describe, expect, it } from 'vitest';
import { chooseLocale, fullName, parseW3c, w3c, withoutContacts } from '../../api/service/open311-text.ts';
import { toXml } from '../../api/http/xml.ts';
import { parseXml } from '../support/xml.ts';

describe('Open311 language, time and text', () => {
  it('chooses lang first, then Accept-Language by q, then the site’s language', () => {
    expect(chooseLocale('en', 'zh-CN', 'zh-Hant')).toBe('en');
    expect(chooseLocale('fr', 'de;q=0.9, zh-HK;q=0.8, en;q=0.7', 'zh-Hans')).toBe('zh-Hant');
    expect(chooseLocale(undefined, 'en;q=0.2, zh;q=0.9', 'en')).toBe('zh-Hans');
    expect(chooseLocale(undefined, 'zh-Hant-TW', 'en')).toBe('zh-Hant');
    expect(chooseLocale(undefined, 'en;q=0, fr', 'zh-Hans')).toBe('zh-Hans');
    expect(chooseLocale(undefined, undefined, 'en')).toBe('en');
  });

  it('writes W3C datetimes in the site’s zone, to the second', () => {
    expect(w3c('2026-11-25T02:00:00.789Z', 'Asia/Shanghai')).toBe('2026-11-25T10:00:00+08:00');
    expect(w3c('2026-07-01T12:00:00Z', 'Europe/London')).toBe('2026-07-01T13:00:00+01:00');
    expect(w3c('2026-01-01T12:00:00Z', 'America/St_Johns')).toBe('2026-01-01T08:30:00-03:30');
    expect(w3c('2026-12-31T16:30:00Z', 'Asia/Hong_Kong')).toBe('2027-01-01T00:30:00+08:00');
  });

  it('reads W3C datetimes with any offset, a date as the site’s midnight, and an unencoded + sent as a space', () => {
    expect(parseW3c('2026-11-01T00:00:00Z', 'start_date', 'Asia/Shanghai')).toBe('2026-11-01T00:00:00.000Z');
    expect(parseW3c('2026-11-01T08:00+08:00', 'start_date', 'UTC')).toBe('2026-11-01T00:00:00.000Z');
    expect(parseW3c('2026-11-01T08:00:00 08:00', 'start_date', 'UTC')).toBe('2026-11-01T00:00:00.000Z');
    expect(parseW3c('2026-11-01', 'start_date', 'Asia/Shanghai')).toBe('2026-10-31T16:00:00.000Z');
    expect(parseW3c('2026-07-01', 'end_date', 'Europe/London')).toBe('2026-06-30T23:00:00.000Z');
    for (const wrong of ['2026-11-01T00:00:00', 'yesterday', '2026-13-45T00:00:00Z', '']) {
      expect(() => parseW3c(wrong, 'start_date', 'UTC'), wrong).toThrow(/start_date must be a W3C datetime/);
    }
  });

  it('masks contacts and the complainant’s name in published text, and keeps the rest', () => {
    const who = { name: 'Chan Tai Man', email: 'tm.chan@mail.example', phone: '9123 4567' };
    expect(withoutContacts('Ring Chan Tai Man on 9123 4567 or tm.chan@mail.example', who)).toBe('Ring *** on *** or ***');
    expect(withoutContacts('Mr Chan says the chandelier in room 1208 fell on 2026-11-24', who)).toBe('Mr *** says the chandelier in room 1208 fell on 2026-11-24');
    expect(withoutContacts('请联系王芳,电话 138-0000-4220,或 wang@例子.中国', { name: '王芳' })).toBe('请联系***,电话 ***,或 ***');
    expect(withoutContacts('3号楼2单元 301 室灯坏了', null)).toBe('3号楼2单元 301 室灯坏了');
    expect(withoutContacts('call +86 (571) 8888-0000 now', null)).toBe('call *** now');
  });

  it('joins first and last names, family name first in Chinese', () => {
    expect(fullName('Tai Man', 'Chan')).toBe('Tai Man Chan');
    expect(fullName('小明', '李')).toBe('李小明');
    expect(fullName(' ', 'Chan')).toBe('Chan');
    expect(fullName(undefined, undefined)).toBeUndefined();
  });
});

describe('the XML writer', () => {
  it('escapes markup, drops what XML cannot hold, and reads back as written', () => {
    const text = 'a < b & c > "d" \'e\' ]]> \u0001\u0008 \uD800 tab\tnew\nline\r 😀';
    const xml = toXml('service_requests', [{ service_request_id: 'X-1', description: text, lat: 30.5, note: null, open: true }], { service_requests: 'request' });
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request>')).toBe(true);
    const request = parseXml(xml).children[0]!;
    const field = (name: string) => request.children.find((c) => c.name === name)!.text;
    expect(field('description')).toBe('a < b & c > "d" \'e\' ]]>   tab\tnew\nline\r 😀');
    expect(field('lat')).toBe('30.5');
    expect(field('note')).toBe('');
    expect(field('open')).toBe('true');
  });

  it('refuses a list without an item name and a name that is not an element name', () => {
    expect(() => toXml('things', ['a'])).toThrow(/no element name for the items of <things>/);
    expect(() => toXml('root', { 'attribute[x]': 'a' })).toThrow(/not an XML element name/);
  });
});
