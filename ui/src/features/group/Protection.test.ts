import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { desktop, resetDesktop } from "../../test/desktop-fake";
import { calls, handlers, okStatus, reset } from "../../test/tauri-mock";
import Protection from "./Protection.svelte";
import Unlock from "../../shell/Unlock.svelte";

vi.mock("../../lib/desktop", () => import("../../test/desktop-fake"));

const strong = { score: 4, words: "Strong", advice: "", goodEnough: true };
const weak = { score: 0, words: "Too easy to guess", advice: "Try four or more ordinary words.", goodEnough: false };

describe("protecting the data", () => {
  beforeEach(() => {
    reset();
    resetDesktop();
    handlers.set("protection_strength", (args) =>
      (args as { passphrase: string }).passphrase.split(" ").length >= 4 ? strong : weak,
    );
  });

  it("says in words how hard the passphrase is to guess as it is typed", async () => {
    render(Protection, { protectedNow: false, onchange: () => {} });
    await userEvent.type(screen.getByLabelText("Choose a passphrase"), "password1");
    expect(await screen.findByText(/How hard it is to guess: Too easy to guess/)).toBeTruthy();
    await userEvent.clear(screen.getByLabelText("Choose a passphrase"));
    await userEvent.type(screen.getByLabelText("Choose a passphrase"), "kettle orange bicycle tuesday");
    expect(await screen.findByText(/How hard it is to guess: Strong/)).toBeTruthy();
  });

  it("changes nothing when no place is chosen for the recovery sheet", async () => {
    render(Protection, { protectedNow: false, onchange: () => {} });
    await userEvent.type(screen.getByLabelText("Choose a passphrase"), "kettle orange bicycle tuesday");
    await userEvent.type(screen.getByLabelText("Type the passphrase again"), "kettle orange bicycle tuesday");
    await userEvent.click(screen.getByRole("button", { name: "Save the recovery sheet and protect the data" }));
    expect(await screen.findByText(/Nothing was changed/)).toBeTruthy();
    expect(calls.some((c) => c.command === "protection_turn_on")).toBe(false);
  });

  it("turns protection on with the sheet saved where the organiser chose, and shows problems beside the boxes", async () => {
    const onchange = vi.fn();
    handlers.set("protection_turn_on", (args) => {
      const { passphrase, confirm } = args as { passphrase: string; confirm: string };
      if (passphrase !== confirm) {
        throw { code: "protection_mismatch", message: "The two passphrases are not the same.",
          fields: [{ field: "confirm", message: "The two passphrases are not the same." }] };
      }
      return null;
    });
    desktop.chooseSavePath.mockResolvedValue("/home/v/recovery.pdf");
    render(Protection, { protectedNow: false, onchange });
    await userEvent.type(screen.getByLabelText("Choose a passphrase"), "kettle orange bicycle tuesday");
    await userEvent.type(screen.getByLabelText("Type the passphrase again"), "kettle orange bicycle");
    const button = screen.getByRole("button", { name: "Save the recovery sheet and protect the data" });
    await userEvent.click(button);
    expect((await screen.findAllByText("The two passphrases are not the same.")).length).toBeGreaterThan(0);
    expect(onchange).not.toHaveBeenCalled();

    await userEvent.type(screen.getByLabelText("Type the passphrase again"), " tuesday");
    await userEvent.click(button);
    expect(await screen.findByText(/Protection is on. Now print the recovery sheet \(“recovery.pdf”\)/)).toBeTruthy();
    expect(onchange).toHaveBeenCalled();
    expect(calls.filter((c) => c.command === "protection_turn_on").pop()?.args).toEqual({
      passphrase: "kettle orange bicycle tuesday", confirm: "kettle orange bicycle tuesday", sheet: "/home/v/recovery.pdf",
    });
  });
});

describe("the start-up passphrase screen", () => {
  beforeEach(reset);

  it("says a wrong passphrase is wrong beside the box, keeps the typing, and opens with the right one", async () => {
    handlers.set("protection_unlock", (args) => {
      if ((args as { secret: string }).secret !== "kettle orange bicycle tuesday") {
        throw { code: "protection_wrong_passphrase", message: "That passphrase does not open this laptop's data.", fields: [] };
      }
      return okStatus;
    });
    const onopen = vi.fn();
    render(Unlock, { onopen });
    await userEvent.click(screen.getByRole("button", { name: "Open" }));
    expect(await screen.findByText(/Type the passphrase, or the recovery key/)).toBeTruthy();
    const box = screen.getByLabelText("Passphrase") as HTMLInputElement;
    expect(box.type).toBe("password");
    await userEvent.type(box, "kettle orange bicycle");
    await userEvent.click(screen.getByRole("button", { name: "Open" }));
    expect(await screen.findByText("That passphrase does not open this laptop's data.")).toBeTruthy();
    expect(box.value).toBe("kettle orange bicycle");
    expect(onopen).not.toHaveBeenCalled();
    await userEvent.type(box, " tuesday");
    await userEvent.click(screen.getByRole("button", { name: "Open" }));
    await waitFor(() => expect(onopen).toHaveBeenCalledWith(okStatus));
  });
});
