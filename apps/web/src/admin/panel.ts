/*
 * The contract between the administration page's shell (sign-in, navigation by role, the live region) and its panels
 * (staff, queues, content, safety, keys and retention). A panel is one module that builds its own part of the page;
 * the shell shows only the panels the signed-in user's roles allow, and the api enforces the same rules on every route.
 */

export type AdminRole = 'admin' | 'supervisor';

export interface PanelContext {
  /** Calls the api with the signed-in user's token; a refusal throws ApiError (status, code, message, details). */
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** The signed-in user's roles. */
  roles: readonly string[];
  /** Says something in the page's polite live region ("Queue saved."). */
  announce(text: string): void;
}

export interface AdminPanel {
  /** The panel's place in the URL (`#staff`) and the id of its section. */
  id: string;
  /** Its heading and navigation label (the shell shows it as the h2 above `root`: a panel's own headings are h3). */
  title: string;
  /** Who may open it; others do not see it in the navigation and get "not allowed" if they follow a link. */
  roles: readonly AdminRole[];
  /** Builds the panel into `root` (an empty section) and loads what it shows. Called once, when first opened. */
  mount(root: HTMLElement, context: PanelContext): Promise<void>;
}
