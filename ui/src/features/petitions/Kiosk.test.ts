import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, handlers, reset } from "../../test/tauri-mock";
import { kiosk } from "./kiosk.svelte";
import Kiosk from "./Kiosk.svelte";

const view = {
  petitionId: 3,
  title: "Keep our walk-in centre open",
  addressee: "Camden Council",
  background: "The ICB plans to close it.",
  prayer: "We ask the council to oppose the closure.",
  fields: { postcode: true, email: true, phone: false },
  optInText: "Keep me informed about this campaign by email.",
  notice: "Who has your details: KONP Camden.",
  noticeVersion: 1,
  stall: null,
  count: null as number | null,
  idleSeconds: 90,
};

beforeEach(() => {
  reset();
  handlers.set("kiosk_sign", () => null);
  handlers.set("postcode_check", (args) => {
    const text = (args as { text: string }).text;
    return text === "sw1a oaa"
      ? { kind: "invalid", reason: "The last three characters…", suggestion: "SW1A 0AA" }
      : { kind: "valid", postcode: text.toUpperCase(), district: "N1" };
  });
});

describe("the kiosk", () => {
  it("starts again with an empty form, and shows the count when the organiser chose to", async () => {
    const user = userEvent.setup();
    handlers.set("kiosk_current", () => ({ ...view, count: 313 }));
    render(Kiosk, { view: { ...view, count: 312 }, onleft: () => {} });
    expect(screen.getByText("312 people have signed so far.")).toBeTruthy();
    const name = screen.getByLabelText("Your name") as HTMLInputElement;
    await user.type(name, "Half typed");
    await user.click(screen.getByRole("button", { name: "Start again" }));
    expect(name.value).toBe("");
    await user.type(name, "Ann Lee");
    await user.click(screen.getByRole("button", { name: "Sign the petition" }));
    await screen.findByText("Thank you for signing!");
    await user.click(screen.getByRole("button", { name: "Next person" }));
    expect(await screen.findByText("313 people have signed so far.")).toBeTruthy();
  });

  it("empties the form before saying thank you, so the next signer sees nothing", async () => {
    const user = userEvent.setup();
    render(Kiosk, { view, onleft: () => {} });
    expect(kiosk.active).toBe(true);
    await user.type(screen.getByLabelText("Your name"), "Ann Lee");
    await user.type(screen.getByLabelText("Your email address"), "ann@example.org");
    const optIn = screen.getByLabelText(view.optInText) as HTMLInputElement;
    expect(optIn.checked).toBe(false); // never ticked for them
    await user.click(screen.getByRole("button", { name: "Sign the petition" }));
    await screen.findByRole("heading", { name: "Thank you for signing!" });
    expect(calls.find((c) => c.command === "kiosk_sign")?.args).toEqual({
      signer: { name: "Ann Lee", postcode: "", email: "ann@example.org", phone: "", optedIn: false },
    });
    await user.click(screen.getByRole("button", { name: "Next person" }));
    expect((screen.getByLabelText("Your name") as HTMLInputElement).value).toBe("");
    expect((screen.getByLabelText("Your email address") as HTMLInputElement).value).toBe("");
    expect(document.body.textContent).not.toContain("Ann Lee");
  });

  it("shows what is wrong beside the field and keeps what was typed", async () => {
    handlers.set("kiosk_sign", () => {
      throw { code: "signer_invalid", message: "Please check the details marked below.",
        fields: [{ field: "name", message: "Please write a name." }] };
    });
    const user = userEvent.setup();
    render(Kiosk, { view, onleft: () => {} });
    await user.type(screen.getByLabelText("Your email address"), "ann@example.org");
    await user.click(screen.getByRole("button", { name: "Sign the petition" }));
    await screen.findByText("Please write a name.");
    expect((screen.getByLabelText("Your email address") as HTMLInputElement).value).toBe("ann@example.org");
  });

  it("offers the O-for-0 fix in a postcode", async () => {
    const user = userEvent.setup();
    render(Kiosk, { view, onleft: () => {} });
    await user.type(screen.getByLabelText("Your postcode"), "sw1a oaa");
    await user.tab();
    await user.click(await screen.findByRole("button", { name: "Use SW1A 0AA" }));
    expect((screen.getByLabelText("Your postcode") as HTMLInputElement).value).toBe("SW1A 0AA");
  });

  it("needs the organiser's PIN to leave", async () => {
    let left = false;
    handlers.set("kiosk_leave", (args) => {
      if ((args as { pin: string }).pin !== "4821") {
        throw { code: "kiosk_wrong_pin", message: "That PIN is not right. Please try again.", fields: [] };
      }
      return null;
    });
    const user = userEvent.setup();
    render(Kiosk, { view, onleft: () => (left = true) });
    await user.click(screen.getByRole("button", { name: "Organiser" }));
    await user.type(screen.getByLabelText("Type the organiser's PIN."), "1111");
    await user.click(screen.getByRole("button", { name: "Leave the kiosk" }));
    await screen.findByText("That PIN is not right. Please try again.");
    expect(left).toBe(false);
    await user.type(screen.getByLabelText("Type the organiser's PIN."), "4821");
    await user.click(screen.getByRole("button", { name: "Leave the kiosk" }));
    await waitFor(() => expect(left).toBe(true));
    expect(kiosk.active).toBe(false);
  });
});
