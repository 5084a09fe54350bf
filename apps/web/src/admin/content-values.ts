/*
 * The content panel's values in and out of its forms, pure so they are tested without a page. A form field is named
 * by its path in the settings document (`taxonomy.0.children.1.label.fi`), the same path the server names in a
 * refusal, so field-errors.ts puts each problem next to its field.
 */

/** The languages a helpline's texts are written in; English is the one a text always has. */
export const TEXT_LANGUAGES = ['en', 'fi', 'sv'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<TextLanguage, string> = { en: 'English', fi: 'Finnish', sv: 'Swedish' };

type Tree = Record<string, unknown>;

const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at a dotted path (`label.en`, `answers.0.key`); undefined when any step is missing. */
export function getAt(source: unknown, path: string): unknown {
  let node: unknown = source;
  for (const step of path.split('.')) {
    if (Array.isArray(node)) node = node[Number(step)];
    else if (isTree(node)) node = node[step];
    else return undefined;
  }
  return node;
}

/**
 * Sets a field from a form: text is kept as typed (the server trims and judges it). An optional field left empty is
 * removed, so it is absent rather than "" (which the server would refuse as too short); a required one stays "" for
 * the server to name. Objects on the way are made as needed; one left empty is removed too (a label with no words).
 */
export function setAt(target: Tree, path: string, value: string, optional = true): void {
  const steps = path.split('.');
  const chain: Tree[] = [target];
  let node = target;
  for (const step of steps.slice(0, -1)) {
    if (!isTree(node[step])) node[step] = {};
    node = node[step] as Tree;
    chain.push(node);
  }
  const last = steps[steps.length - 1];
  if (value === '' && optional) delete node[last];
  else node[last] = value;
  // Prune the objects this emptied, innermost first, never the target itself.
  for (let depth = chain.length - 1; depth > 0; depth--) {
    if (Object.keys(chain[depth]).length > 0) break;
    delete chain[depth - 1][steps[depth - 1]];
  }
}

/** A whole copy of settings JSON, so editing never touches what was loaded until it is saved. */
export function copyOf<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Texts that may be absent as a whole (a greeting, an announcement): an object with no words in any language is
 * null, which the server stores as "none".
 */
export function textsOrNull<T extends Partial<Record<TextLanguage, string>>>(texts: T | null | undefined): T | null {
  if (!texts) return null;
  const kept = Object.fromEntries(Object.entries(texts).filter(([, text]) => typeof text === 'string' && text !== ''));
  return Object.keys(kept).length > 0 ? (kept as T) : null;
}

/**
 * The document to save: the latest one read from the server with this form's own fields in place of its. Two forms
 * (or two admins) edit different fields of one document, so each save reads the document again just before and
 * replaces only what its form shows.
 */
export function withFields<T extends object>(latest: T, fields: Partial<T>): T {
  return { ...latest, ...fields };
}

/** A label in the language asked for, else English, else the code: for legends and list titles. */
export function labelIn(label: unknown, language: TextLanguage = 'en'): string | undefined {
  if (!isTree(label)) return undefined;
  const text = label[language] ?? label.en;
  return typeof text === 'string' && text.trim() !== '' ? text : undefined;
}
