import type { ComponentChild } from 'preact';
import { t } from '../../shared/i18n';

const MARK = '\u0001';

/**
 * A localized sentence whose substitutions are elements (`<code>` for a parameter name, say):
 * the message is read with markers in place of the substitutions, then split around them, so the
 * translation decides the word order and no Markdown ever reaches the page.
 */
export function tRich(key: string, subs: ComponentChild[]): ComponentChild[] {
  const text = t(key, subs.map((_, i) => `${MARK}${i}${MARK}`));
  const out: ComponentChild[] = [];
  const parts = text.split(MARK);
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      if (part) out.push(part);
    } else {
      out.push(subs[Number(part)] ?? '');
    }
  });
  return out;
}
