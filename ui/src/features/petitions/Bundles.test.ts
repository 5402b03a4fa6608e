import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { desktop, resetDesktop } from "../../test/desktop-fake";
import { calls, handlers, reset } from "../../test/tauri-mock";
import BundleMerge from "./BundleMerge.svelte";
import BundleSave from "./BundleSave.svelte";

vi.mock("../../lib/desktop", () => import("../../test/desktop-fake"));

const locked = {
  code: "bundle_locked", message: "This bundle is locked with a passphrase.",
  fields: [{ field: "bundlePassphrase", message: "This bundle is locked with a passphrase." }],
};

describe("bundles between laptops", () => {
  beforeEach(() => {
    reset();
    resetDesktop();
  });

  it("asks for a locked bundle's passphrase beside the box and merges without choosing the file again", async () => {
    handlers.set("petition_bundle_merge", () => {
      if (calls.filter((c) => c.command === "petition_bundle_merge").length === 1) throw locked;
      return { petitionId: 1, title: "Keep it open", added: 3, updated: 0, unchanged: 0 };
    });
    const onmerged = vi.fn();
    render(BundleMerge, { onmerged });
    const input = document.querySelector("input[type=file]") as HTMLInputElement;
    await userEvent.upload(input, new File(["locked"], "stall.ckpetition"));
    expect((await screen.findAllByText("This bundle is locked with a passphrase.")).length).toBeGreaterThan(0);
    expect(onmerged).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText("The file's passphrase"), "kettle orange bicycle tuesday");
    await userEvent.click(screen.getByRole("button", { name: "Add them with this passphrase" }));
    await waitFor(() => expect(onmerged).toHaveBeenCalled());
    expect(await screen.findByText(/3 new, /)).toBeTruthy();
  });

  it("locks a new bundle unless the organiser ticks the box, and then warns", async () => {
    handlers.set("petition_bundle_check_passphrase", () => null);
    handlers.set("petition_bundle_save", () => 12);
    desktop.chooseSavePath.mockResolvedValue("/media/stick/stall.ckpetition");
    render(BundleSave, { petition: 4 });
    await userEvent.type(screen.getByLabelText("Passphrase for the bundle"), "kettle orange bicycle tuesday");
    await userEvent.type(screen.getByLabelText("Type the passphrase again"), "kettle orange bicycle tuesday");
    await userEvent.click(screen.getByRole("button", { name: "Save the signatures for another laptop…" }));
    expect(await screen.findByText(/locked with the passphrase/)).toBeTruthy();
    expect(calls.find((c) => c.command === "petition_bundle_save")?.args).toEqual({
      petition: 4, path: "/media/stick/stall.ckpetition", passphrase: "kettle orange bicycle tuesday",
    });

    await userEvent.click(screen.getByLabelText("Save it without a passphrase"));
    expect(screen.getByText(/anyone who finds the file can read/)).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Save the signatures for another laptop…" }));
    expect(await screen.findByText(/without a passphrase. Keep the file with you/)).toBeTruthy();
    expect(calls.filter((c) => c.command === "petition_bundle_save").pop()?.args).toEqual({
      petition: 4, path: "/media/stick/stall.ckpetition", passphrase: null,
    });
  });
});
