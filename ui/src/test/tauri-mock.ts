// A stand-in for the Rust side in UI unit tests: each command name maps to a handler.
import { afterEach, vi } from "vitest";
import { cleanup } from "@testing-library/svelte";

// Each test starts with an empty page.
afterEach(cleanup);

// jsdom lays nothing out, so it has no scrolling; the app scrolls results into view.
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

type Handler = (args: unknown) => unknown;
export const handlers = new Map<string, Handler>();
export const calls: { command: string; args: unknown }[] = [];
/** Commands a screen asked for that its test did not set up. */
const unmocked = new Set<string>();

// A screen that asks for something its test did not set up is tested against an error it
// never meets in the app, and the error only shows as noise in the log: fail the test instead.
afterEach(() => {
  const missed = [...unmocked];
  unmocked.clear();
  if (missed.length > 0) throw new Error(`the test did not set up: ${missed.join(", ")}`);
});

vi.mock("@tauri-apps/api/core", () => ({
  invoke: vi.fn(async (command: string, args: unknown) => {
    calls.push({ command, args });
    const handler = handlers.get(command);
    if (!handler) {
      unmocked.add(command);
      throw `command ${command} not mocked`;
    }
    return handler(args);
  }),
}));

export function reset() {
  handlers.clear();
  unmocked.clear();
  calls.length = 0;
}

export const okStatus = {
  dataDir: "/home/volunteer/.local/share/uk.campaignkit.CampaignKit",
  problem: null,
  canRestore: false,
  backupCount: 3,
  newestBackup: "22 November 2026, 9.00am",
  protected: false,
};

export const emptyProfile = {
  details: { name: "", contactEmail: "", phone: "", website: "", localArea: "", brandColour: "#005EB8" },
  logo: null,
  updatedAt: null,
};
