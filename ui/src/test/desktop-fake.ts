// A stand-in for lib/desktop in unit tests: records what the UI asked of the desktop, and lets
// a test deliver a message as if the other window had sent it.
import { vi } from "vitest";

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Listener[]>();

export const desktop = {
  setFullscreen: vi.fn(async () => {}),
  closeThisWindow: vi.fn(async () => {}),
  tell: vi.fn(async () => {}),
  hear: vi.fn(async (event: string, handler: Listener) => {
    listeners.set(event, [...(listeners.get(event) ?? []), handler]);
    return () => listeners.set(event, (listeners.get(event) ?? []).filter((h) => h !== handler));
  }),
  chooseSavePath: vi.fn(async (): Promise<string | null> => null),
  chooseFolder: vi.fn(async (): Promise<string | null> => null),
  openInBrowser: vi.fn(async () => {}),
};

/** Delivers a message to this window, as the other window would. */
export function deliver(event: string, payload: unknown) {
  for (const handler of listeners.get(event) ?? []) handler(payload);
}

export function resetDesktop() {
  listeners.clear();
  for (const fn of Object.values(desktop)) fn.mockClear();
}
