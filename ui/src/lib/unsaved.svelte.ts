// Whether the form on screen holds typing that is not saved yet, and the question asked before
// leaving it. A form registers a check while it is shown; the top menu, the Back key and each
// form's Cancel ask here first, so nothing typed is thrown away without the person choosing so.

type Check = () => boolean;

let check: Check | null = null;
let discard: (() => void) | null = null;

/** The question on screen, if any: what to do when the person chooses to leave anyway. */
export const leaving = $state<{ then: (() => void) | null }>({ then: null });

/**
 * Registers the form on screen; returns the function that unregisters it (for `$effect`).
 * `ondiscard` runs when the person chooses to leave without saving (to forget kept typing).
 */
export function guardUnsaved(isDirty: Check, ondiscard?: () => void): () => void {
  check = isDirty;
  discard = ondiscard ?? null;
  return () => {
    if (check === isDirty) {
      check = null;
      discard = null;
    }
  };
}

export function hasUnsaved(): boolean {
  return check?.() ?? false;
}

/** Runs `then` at once if nothing would be lost; otherwise asks first. */
export function confirmLeave(then: () => void): void {
  if (!hasUnsaved()) {
    then();
    return;
  }
  leaving.then = then;
}

/** The person chose to leave: the form's changes are dropped and the move goes ahead. */
export function leaveAnyway(): void {
  const then = leaving.then;
  leaving.then = null;
  discard?.();
  check = null;
  discard = null;
  then?.();
}

export function stayHere(): void {
  leaving.then = null;
}
