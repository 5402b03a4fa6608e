// The desktop features the UI uses besides our own commands: full screen, messages between
// the slide and presenter windows, the save dialog, and opening links in the web browser.
// Kept in one module so that unit tests can replace it in one go.

import { emitTo, listen } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { open, save } from "@tauri-apps/plugin-dialog";
import { openUrl } from "@tauri-apps/plugin-opener";

export type WindowName = "main" | "presenter";

export const desktop = {
  setFullscreen: (on: boolean) => getCurrentWindow().setFullscreen(on),
  closeThisWindow: () => getCurrentWindow().close(),
  /** Sends a message to the other window; a window that is not open simply misses it. */
  tell: <T>(window: WindowName, event: string, payload: T) => emitTo(window, event, payload),
  /** Listens for a message; returns the function that stops listening. */
  hear: <T>(event: string, handler: (payload: T) => void) =>
    listen<T>(event, (e) => handler(e.payload)),
  /** The save dialog; resolves to null if the person cancels. */
  chooseSavePath: (defaultName: string, kind: string, extension: string) =>
    save({ defaultPath: defaultName, filters: [{ name: kind, extensions: [extension] }] }),
  /** The folder chooser; resolves to null if the person cancels. */
  chooseFolder: async (): Promise<string | null> => {
    const chosen = await open({ directory: true, multiple: false });
    return typeof chosen === "string" ? chosen : null;
  },
  openInBrowser: (url: string) => openUrl(url),
};

export type Desktop = typeof desktop;
