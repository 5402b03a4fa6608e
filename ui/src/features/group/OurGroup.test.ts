import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, emptyProfile, handlers, okStatus, reset } from "../../test/tauri-mock";
import OurGroup from "./OurGroup.svelte";

beforeEach(() => {
  reset();
  handlers.set("group_get", () => emptyProfile);
  handlers.set("group_logo", () => null);
  handlers.set("bin_list", () => []);
  handlers.set("protection_strength", () => ({ score: 0, words: "Too easy to guess", advice: "", goodEnough: false }));
});

describe("Our group", () => {
  it("saves what was typed and says so", async () => {
    handlers.set("group_save", (args) => ({ ...emptyProfile, details: (args as { details: object }).details }));
    render(OurGroup, { status: okStatus });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Group name"), "KONP Camden");
    await user.type(screen.getByLabelText("Local area"), "North Central London");
    await user.click(screen.getByRole("button", { name: "Save our details" }));
    expect(await screen.findByRole("status")).toHaveProperty("textContent", expect.stringContaining("Saved"));
    const saved = calls.find((c) => c.command === "group_save")?.args as { details: Record<string, string> };
    expect(saved.details.name).toBe("KONP Camden");
    expect(saved.details.localArea).toBe("North Central London");
  });

  it("shows each problem beside its field, linked for screen readers", async () => {
    handlers.set("group_save", () => {
      throw {
        code: "invalid_input",
        message: "Some details need fixing before they can be saved.",
        fields: [{ field: "contactEmail", message: "That email address does not look right." }],
      };
    });
    render(OurGroup, { status: okStatus });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Contact email"), "nope");
    await user.click(screen.getByRole("button", { name: "Save our details" }));
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", expect.stringContaining("marked in red"));
    const email = screen.getByLabelText("Contact email");
    expect(email.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => document.activeElement).toBe(email);
    const describedBy = email.getAttribute("aria-describedby") ?? "";
    expect(document.getElementById(describedBy)?.textContent).toBe("That email address does not look right.");
  });

  it("a name with markup is shown as text, never run", async () => {
    handlers.set("group_get", () => ({
      ...emptyProfile,
      details: { ...emptyProfile.details, name: '<img src=x onerror="alert(1)">' },
    }));
    render(OurGroup, { status: okStatus });
    const name = (await screen.findByLabelText("Group name")) as HTMLInputElement;
    await expect.poll(() => name.value).toBe('<img src=x onerror="alert(1)">');
    expect(document.querySelector("img[src=x]")).toBeNull();
  });

  it("tells where the data is kept", async () => {
    render(OurGroup, { status: okStatus });
    expect(await screen.findByText(okStatus.dataDir)).toBeTruthy();
    expect(screen.getByText(/3 backup copies are kept/)).toBeTruthy();
  });

  it("sends a chosen logo as raw bytes and shows it", async () => {
    const withLogo = { ...emptyProfile, logo: { mime: "image/png", width: 240, height: 90, bytes: 4 } };
    handlers.set("group_set_logo", () => withLogo);
    handlers.set("group_logo", () => (calls.some((c) => c.command === "group_set_logo") ? "data:image/png;base64,AAAA" : null));
    render(OurGroup, { status: okStatus });
    const input = (await screen.findByLabelText("Choose a logo picture")) as HTMLInputElement;
    const file = new File([new Uint8Array([137, 80, 78, 71])], "logo.png", { type: "image/png" });
    await userEvent.setup().upload(input, file);
    expect(await screen.findByAltText("Your group's logo")).toBeTruthy();
    const sent = calls.find((c) => c.command === "group_set_logo")?.args;
    expect(sent).toBeInstanceOf(Uint8Array);
    expect(Array.from(sent as Uint8Array)).toEqual([137, 80, 78, 71]);
    expect(screen.getByText("240 × 90 pixels")).toBeTruthy();
  });

  it("a refused logo says why", async () => {
    handlers.set("group_set_logo", () => {
      throw { code: "invalid_logo", message: "That file is not a PNG or JPEG picture.", fields: [] };
    });
    render(OurGroup, { status: okStatus });
    const input = (await screen.findByLabelText("Choose a logo picture")) as HTMLInputElement;
    await userEvent.setup({ applyAccept: false }).upload(input, new File(["GIF89a"], "logo.gif", { type: "image/gif" }));
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", expect.stringContaining("not a PNG or JPEG"));
  });
});
