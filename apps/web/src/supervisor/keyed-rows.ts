/*
 * Updates lists and tables in place, one element per key. Figures change up to ten times a second: rebuilding a row
 * would throw away the supervisor's focus, a half-typed threshold and an open menu, and make screen readers start
 * over. Only text that actually changed is written.
 */

/** Writes `text` only when it differs, so unchanged cells cause no layout and no screen-reader chatter. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

export function setAttribute(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/**
 * Makes `container`'s children one element per item, in the items' order: an element whose key is still there is
 * kept (and updated), a new key gets a new element, a key that went away loses its element.
 */
export function syncKeyed<T, E extends HTMLElement>(
  container: HTMLElement,
  items: readonly T[],
  keyOf: (item: T) => string,
  create: (item: T) => E,
  update: (element: E, item: T) => void,
): void {
  const existing = new Map<string, E>();
  for (const child of Array.from(container.children)) {
    const key = (child as HTMLElement).dataset.key;
    if (key !== undefined) existing.set(key, child as E);
  }
  let previous: Element | null = null;
  for (const item of items) {
    const key = keyOf(item);
    let node = existing.get(key);
    existing.delete(key);
    if (!node) {
      node = create(item);
      node.dataset.key = key;
    }
    update(node, item);
    // Move only what is out of place: moving the focused row would blur its control.
    const expected: Element | null = previous ? previous.nextElementSibling : container.firstElementChild;
    if (expected !== node) {
      if (previous) previous.after(node);
      else container.prepend(node);
    }
    previous = node;
  }
  for (const gone of existing.values()) gone.remove();
}
