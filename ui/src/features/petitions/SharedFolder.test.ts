import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { desktop, resetDesktop } from "../../test/desktop-fake";
import { calls, handlers, reset } from "../../test/tauri-mock";
import SharedFolder from "./SharedFolder.svelte";

vi.mock("../../lib/desktop", () => import("../../test/desktop-fake"));

const sharing = {
  folder: "/home/v/Sync/petitions",
  laptopName: "Stall laptop 1",
  others: [
    { name: "Stall laptop 2", lastSeen: "27 November 2026, 10.20am", signatures: 30 },
    { name: "Sam's laptop", lastSeen: "26 November 2026, 4.05pm", signatures: 1 },
  ],
};

describe("sharing through a synced folder", () => {
  beforeEach(() => {
    reset();
    resetDesktop();
  });

  it("starts sharing in the folder chosen and says which laptops were heard from, and when", async () => {
    handlers.set("sync_status", () => ({ folder: null, laptopName: "", others: [] }));
    handlers.set("sync_set_up", () => sharing);
    desktop.chooseFolder.mockResolvedValue("/home/v/Sync/petitions");
    const onshared = vi.fn();
    render(SharedFolder, { onshared });
    await userEvent.type(await screen.findByLabelText("A name for this laptop"), "Stall laptop 1");
    await userEvent.type(screen.getByLabelText("Passphrase for the shared files"), "kettle orange bicycle tuesday");
    await userEvent.type(screen.getByLabelText("Type the passphrase again"), "kettle orange bicycle tuesday");
    await userEvent.click(screen.getByRole("button", { name: "Choose the shared folder and start" }));
    expect(await screen.findByText("Signatures from 2 other laptops:")).toBeTruthy();
    expect(screen.getByText("Stall laptop 2: 30 signatures, last seen 27 November 2026, 10.20am")).toBeTruthy();
    expect(screen.getByText("Sam's laptop: 1 signature, last seen 26 November 2026, 4.05pm")).toBeTruthy();
    expect(onshared).toHaveBeenCalled();
    expect(calls.find((c) => c.command === "sync_set_up")?.args).toEqual({
      folder: "/home/v/Sync/petitions", passphrase: "kettle orange bicycle tuesday",
      confirm: "kettle orange bicycle tuesday", laptopName: "Stall laptop 1",
    });
  });
});
