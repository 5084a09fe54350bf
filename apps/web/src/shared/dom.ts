/** A required element of the page, typed; a missing one is a bug in the page, so it throws. */
export function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} missing`);
  return found as T;
}

/** Creates an element with text (never HTML: caller and agent text is shown as text, so it cannot inject markup). */
export function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

export function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
}

/** A refused request: the server's status and stable code beside its message (safe to show: no personal data). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** The error's non-personal details (the offending fields, the id of what is in the way). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A JSON request; the token lives in the page's memory only (never in storage or a cookie). */
export async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    cache: 'no-store',
    credentials: 'omit',
  });
  const text = await response.text();
  const parsed = (text ? JSON.parse(text) : {}) as T & {
    message?: string;
    code?: string;
    details?: Record<string, unknown>;
  };
  if (!response.ok) {
    throw new ApiError(
      parsed.message ?? `Request failed (${response.status})`,
      response.status,
      parsed.code ?? '',
      parsed.details,
    );
  }
  return parsed;
}

/** An id for a message, made once per message so a re-send after a reconnect is recognised as the same one. */
export function clientId(): string {
  return crypto.randomUUID();
}
