// Text size and high contrast for the whole app, remembered on this laptop (in the window's
// own storage: a display preference, not campaign data). Set from the reader or the top bar;
// every screen follows, because all sizes are in rem and all colours are CSS variables.

const KEY = "campaign-kit-display";
/** Multiples of the normal text size. */
export const TEXT_SIZES = [1, 1.2, 1.45, 1.75] as const;

type Display = { size: number; highContrast: boolean };

function load(): Display {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "null") as Partial<Display> | null;
    const size = Number(saved?.size);
    return {
      size: Number.isInteger(size) && size >= 0 && size < TEXT_SIZES.length ? size : 0,
      highContrast: saved?.highContrast === true,
    };
  } catch {
    return { size: 0, highContrast: false };
  }
}

export const display = $state<Display>(load());

/** Applies the choice to the page and remembers it. Call from an effect in the app shell. */
export function applyDisplay(root: HTMLElement, chosen: Display): void {
  // 112.5% is the app's normal size (18px).
  root.style.setProperty("font-size", `${112.5 * TEXT_SIZES[chosen.size]}%`);
  root.classList.toggle("high-contrast", chosen.highContrast);
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(chosen));
  } catch {
    // Storage full or refused: the choice still holds until the app closes.
  }
}

export function larger(): void {
  display.size = Math.min(TEXT_SIZES.length - 1, display.size + 1);
}

export function smaller(): void {
  display.size = Math.max(0, display.size - 1);
}
