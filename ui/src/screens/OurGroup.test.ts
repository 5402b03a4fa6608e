import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, emptyProfile, handlers, okStatus, reset } from "../test/tauri-mock";
import OurGroup from "./OurGroup.svelte";

beforeEach(() => {
  reset();
  handlers.set("group_get", () => emptyProfile);
  handlers.set("group_logo", () => null);
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
});
