// Text size and high contrast for the whole app, kept in the data file (so the choice
// survives a restart and travels with the data). Set from the reader or Our group; every
// screen follows, because all sizes are in rem and all colours are CSS variables.

import { api } from "./api";

/** Multiples of the normal text size, for text sizes 0 to 3. */
export const TEXT_SIZES = [1, 1.2, 1.45, 1.75] as const;

export const display = $state({ size: 0, highContrast: false });

/** Reads the saved choice once the data is open. A failure leaves the normal look. */
export async function loadDisplay(): Promise<void> {
  const saved = await api.displayGet().catch(() => null);
  if (saved) {
    display.size = Math.min(TEXT_SIZES.length - 1, saved.textSize);
    display.highContrast = saved.highContrast;
  }
}

/** Applies the choice to the page. Call from an effect in the app shell. */
export function applyDisplay(root: HTMLElement, size: number, highContrast: boolean): void {
  // 112.5% is the app's normal size (18px).
  root.style.setProperty("font-size", `${112.5 * TEXT_SIZES[size]}%`);
  root.classList.toggle("high-contrast", highContrast);
}

function save(): void {
  // Saving is a nicety: if it fails, the choice still holds until the app closes.
  api.displaySet({ textSize: display.size, highContrast: display.highContrast }).catch(() => {});
}

export function larger(): void {
  display.size = Math.min(TEXT_SIZES.length - 1, display.size + 1);
  save();
}

export function smaller(): void {
  display.size = Math.max(0, display.size - 1);
  save();
}

export function toggleHighContrast(): void {
  display.highContrast = !display.highContrast;
  save();
}
