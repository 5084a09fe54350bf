/**
 * The desk's keys: Alt+A accepts and Alt+D declines the offer that expires first, Alt+C completes the contact the
 * focus is in (or the first one). Keys are matched by position (`code`), so they work on Finnish and Swedish layouts.
 */
export interface ShortcutActions {
  accept(): void;
  decline(): void;
  complete(target: EventTarget | null): void;
}

export function bindShortcuts(actions: ShortcutActions, target: Document = document): void {
  target.addEventListener('keydown', (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const action = { KeyA: actions.accept, KeyD: actions.decline, KeyC: () => actions.complete(event.target) }[
      event.code
    ];
    if (!action) return;
    event.preventDefault();
    action();
  });
}
